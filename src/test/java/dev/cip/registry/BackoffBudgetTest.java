package dev.cip.registry;

import dev.cip.registry.testing.HostileRegistry;
import dev.cip.registry.testing.HostileRegistry.Response;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20.9: a registry answering 429 with {@code Retry-After} is waited for visibly (the listener hears of each
 * wait), and all waits of one client together stay within the back-off budget; past it, requests fail at once.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BackoffBudgetTest {

    private record Heard(String registry, Duration delay, int status) {
    }

    @Test
    void waitsAreToldAndTheBudgetStopsTheRunInBoundedTime() {
        List<Heard> heard = new CopyOnWriteArrayList<>();
        RegistryListener listener = new RegistryListener() {
            @Override
            public void waiting(String registry, Duration wait, int status) {
                heard.add(new Heard(registry, wait, status));
            }

            @Override
            public void progress(String registry, String what, long bytes, long total) {
            }
        };
        try (HostileRegistry reg = HostileRegistry.start(r -> r.path().equals("/v2/")
                ? Response.of(200, "{}") : Response.status(429).header("Retry-After", "1"));
             RegistryClient c = new RegistryClient(RegistryOptions.defaults().withMaxRetries(10)
                     .withProbeTimeout(Duration.ofMillis(300)).withListener(listener)
                     .withTransfers(RegistryOptions.Transfers.DEFAULT.withBackoffBudget(Duration.ofMillis(2500))))) {
            c.ping(reg.address());
            long t0 = System.nanoTime();
            RegistryException e = assertThrows(RegistryException.class, () -> c.head(reg.address(), "app", "1"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 2_000 && ms < 5_000, "waited twice 1 s, then stopped: " + ms + " ms");
            assertEquals(429, e.status());
            assertTrue(e.getMessage().startsWith("registry " + reg.address() + " answered HTTP 429 to HEAD "
                    + "/v2/app/manifests/1 for repository app; another attempt would wait 1 s, and cip has already "
                    + "waited 2 s for registries in this run of the 2.5 s it waits in all, so it stops here; the "
                    + "registry limits the rate of requests: try again later"), e.getMessage());
            assertEquals(List.of(new Heard(reg.address(), Duration.ofSeconds(1), 429),
                    new Heard(reg.address(), Duration.ofSeconds(1), 429)), heard);

            long t1 = System.nanoTime();
            RegistryException next = assertThrows(RegistryException.class, () -> c.head(reg.address(), "app", "2"));
            long nextMs = (System.nanoTime() - t1) / 1_000_000;
            assertTrue(nextMs < 1_000, "the budget is spent: the next request fails at once, took " + nextMs);
            assertTrue(next.getMessage().contains("so it stops here"), next.getMessage());
            assertEquals(2, heard.size());
        }
    }
}
