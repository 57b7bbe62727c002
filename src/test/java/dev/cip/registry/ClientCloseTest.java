package dev.cip.registry;

import dev.cip.registry.testing.HostileRegistry;
import dev.cip.registry.testing.TestRegistry;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closing the client ends the HTTP client's selector thread, which would otherwise delay the JVM's exit by 300 ms. */
class ClientCloseTest {

    @Test
    void closeEndsTheSelectorThread() throws Exception {
        try (TestRegistry registry = TestRegistry.open()) {
            Set<Thread> before = selectorThreads();
            RegistryClient client = RegistryClient.create();
            client.ping(registry.address());
            Set<Thread> ours = selectorThreads();
            ours.removeAll(before);
            assertTrue(!ours.isEmpty(), "the client runs a selector thread while open");
            client.close();
            for (Thread t : ours) {
                t.join(1_000);
                assertTrue(!t.isAlive(), t.getName() + " still runs after close()");
            }
            // Keeps the client reachable until here: an unreachable client's thread would end by itself, later.
            assertTrue(client.options() != null);
        }
    }

    /** #14.3: a warm-up still waiting for a registry ends before close() returns, not after the goal. */
    @Test
    void closeWaitsForTheWarmUpInFlight() throws Exception {
        // silent: the warm-up sits in the scheme probe, a socket read that an interrupt does not end (2 s timeout)
        try (HostileRegistry silent = HostileRegistry.start(r -> HostileRegistry.Response.silence())) {
            Set<Thread> before = clientThreads();
            RegistryClient client = RegistryClient.create();
            client.warmUp(silent.address());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (silent.requests().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(!silent.requests().isEmpty(), "the warm-up is waiting for the registry's answer");
            client.close();
            Set<Thread> left = clientThreads();
            left.removeAll(before);
            assertTrue(left.isEmpty(), "still running after close(): " + left);
        }
    }

    private static Set<Thread> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("cip-registry-http-") && t.isAlive())
                .collect(Collectors.toSet());
    }

    private static Set<Thread> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches("HttpClient-\\d+-SelectorManager") && t.isAlive())
                .collect(Collectors.toSet());
    }
}
