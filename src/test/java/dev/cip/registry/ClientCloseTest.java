package dev.cip.registry;

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

    /** After a fast failure the goal closes the client while the warm-up request still waits for an answer. */
    @Test
    void closeEndsAWarmUpStillWaitingForTheRegistry() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            RegistryClient client = RegistryClient.create();
            client.warmUp("127.0.0.1:" + silent.getLocalPort());
            java.net.Socket accepted = silent.accept(); // the warm-up is connected and waits for an answer
            try (accepted) {
                Thread.sleep(100);
                assertTrue(!ourThreads().isEmpty(), "the warm-up runs on a thread of the client");
                client.close();
                assertTrue(ourThreads().isEmpty(), "a thread of the client outlives close(): " + ourThreads());
            }
        }
    }

    private static Set<Thread> ourThreads() {
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
