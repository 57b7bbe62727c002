package dev.cip.app;

import dev.cip.registry.RegistryHints;
import dev.cip.registry.testing.HostileRegistry;
import dev.cip.registry.testing.HostileRegistry.Response;

import dev.cip.plan.Fingerprinter;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import dev.cip.store.SummaryCache;
import dev.cip.testing.RecordingConsole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run's registry client tells the console when a registry makes it wait (issue 20.9). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryStackTest {

    @Test
    void aWaitARegistryAsksForIsLoggedBeforeWaiting() throws Exception {
        RecordingConsole console = new RecordingConsole();
        AtomicInteger manifestRequests = new AtomicInteger();
        try (HostileRegistry reg = HostileRegistry.start(r -> !r.path().startsWith("/v2/app/") ? Response.of(200, "{}")
                : manifestRequests.getAndIncrement() == 0 ? Response.status(429).header("Retry-After", "1")
                : Response.status(404))) {
            RegistryStack.Setup setup = new RegistryStack.Setup(Map.of(), Set.of(), Optional.empty(),
                    Optional.empty(), RegistryHints.GENERIC, console, 1L << 30);
            try (RegistryStack stack = RegistryStack.open(setup, List.of(reg.address()))) {
                assertTrue(stack.client().head(reg.address(), "app", "1").isEmpty());
            }
            assertEquals(List.of("WARN registry " + reg.address() + " asked to wait 1 s (429), waiting"),
                    console.lines());
        }
    }

    @Test
    void eachRegistryNamespaceKeepsItsSummariesInAFileOfItsOwn(@TempDir Path cacheDir) throws Exception {
        try (TestRegistry registry = TestRegistry.open()) {
            String one = registry.address() + "/" + TestImages.namespace("one");
            String two = registry.address() + "/" + TestImages.namespace("two");
            // the file every registry shared before: no longer read, and removed
            Path shared = Files.writeString(cacheDir.resolve("registry-summaries.json"), "{\"format\":1}");
            RegistryStack.Setup setup = new RegistryStack.Setup(Map.of(), Set.of(), Optional.empty(),
                    Optional.of(cacheDir.resolve("registry-summaries")), RegistryHints.GENERIC);
            try (RegistryStack stack = RegistryStack.open(setup, List.of(one, two))) {
                for (String namespace : List.of(one, two)) {
                    String repository = namespace.substring(registry.address().length() + 1) + "/app";
                    TestImages.pushIndex(stack.client(), registry.address(), repository, "1.0.0",
                            List.of("linux/amd64"), Map.of(Fingerprinter.LABEL, "sha256:" + repository), false, 8);
                    assertTrue(stack.store(namespace).find("app", "1.0.0", true).isPresent());
                }
            }
            assertFalse(Files.exists(shared), "the shared file of earlier versions is left behind");
            Path dir = cacheDir.resolve("registry-summaries");
            String first = Files.readString(dir.resolve(SummaryCache.fileName(one)));
            String second = Files.readString(dir.resolve(SummaryCache.fileName(two)));
            assertTrue(first.contains(one + "/app@sha256:") && !first.contains(two), first);
            assertTrue(second.contains(two + "/app@sha256:") && !second.contains(one), second);
            assertNotEquals(SummaryCache.fileName(registry.address() + "/a_b"),
                    SummaryCache.fileName(registry.address() + "/a/b"), "one file name, one registry");
        }
    }
}
