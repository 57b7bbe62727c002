package dev.cip.app;

import dev.cip.registry.RegistryHints;
import dev.cip.registry.testing.HostileRegistry;
import dev.cip.registry.testing.HostileRegistry.Response;
import dev.cip.report.Console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run's registry client tells the console when a registry makes it wait (issue 20.9). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryStackTest {

    @Test
    void aWaitARegistryAsksForIsLoggedBeforeWaiting() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Console console = new Console() {
            @Override
            public void info(String line) {
                lines.add("INFO " + line);
            }

            @Override
            public void warn(String line) {
                lines.add("WARN " + line);
            }
        };
        AtomicInteger manifestRequests = new AtomicInteger();
        try (HostileRegistry reg = HostileRegistry.start(r -> !r.path().startsWith("/v2/app/") ? Response.of(200, "{}")
                : manifestRequests.getAndIncrement() == 0 ? Response.status(429).header("Retry-After", "1")
                : Response.status(404))) {
            RegistryStack.Setup setup = new RegistryStack.Setup(Map.of(), Set.of(), Optional.empty(),
                    Optional.empty(), RegistryHints.GENERIC, console, 1L << 30);
            try (RegistryStack stack = RegistryStack.open(setup, List.of(reg.address()))) {
                assertTrue(stack.client().head(reg.address(), "app", "1").isEmpty());
            }
            assertEquals(List.of("WARN registry " + reg.address() + " asked to wait 1 s (429), waiting"), lines);
        }
    }
}
