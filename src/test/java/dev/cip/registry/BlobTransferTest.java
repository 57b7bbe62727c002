package dev.cip.registry;

import dev.cip.registry.testing.HostileRegistry;
import dev.cip.registry.testing.HostileRegistry.Response;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20.4: blob transfers have a minimum rate over a sliding window, a cap on a single blob checked before the
 * download, temporary files that go on every way out (SIGTERM included), and progress for a long copy.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlobTransferTest {
    @TempDir
    Path tmp;

    private static RegistryOptions options() {
        return RegistryOptions.defaults().withMaxRetries(0).withProbeTimeout(Duration.ofMillis(300))
                .withRequestTimeout(Duration.ofSeconds(20));
    }

    /** A source registry serving app:1 with one layer, {@code blob}, trickled one byte per {@code millis} if > 0. */
    private static HostileRegistry source(byte[] blob, long declaredSize, long millis) {
        byte[] manifest = HostileRegistryTest.manifestOf(Digests.sha256(blob), declaredSize);
        return HostileRegistry.start(r -> r.path().contains("/manifests/")
                ? Response.of(200, manifest).header("Content-Type", MediaTypes.OCI_MANIFEST)
                : r.path().contains("/blobs/") ? Response.of(200, blob).trickle(millis) : Response.of(200, "{}"));
    }

    private static Set<Path> blobFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("cip-blob-")).collect(Collectors.toSet());
        }
    }

    @Test
    void aTricklingBlobIsRefusedWhenTheRateWindowCloses() {
        byte[] blob = new byte[1000];
        String digest = Digests.sha256(blob);
        try (HostileRegistry reg = source(blob, blob.length, 300);
             RegistryClient c = new RegistryClient(options().withTransfers(RegistryOptions.Transfers.DEFAULT
                     .withRateWindow(Duration.ofSeconds(2), 16 << 10)))) {
            long t0 = System.nanoTime();
            RegistryException e = assertThrows(RegistryException.class,
                    () -> c.blobTo(reg.address(), "app", digest, blob.length, new ByteArrayOutputStream()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(RegistryException.Kind.UNREACHABLE, e.kind(), e.getMessage());
            assertTrue(e.getMessage().startsWith("registry " + reg.address() + " sent blob " + digest + " of app too "
                    + "slowly (GET /v2/app/blobs/" + digest + "): "), e.getMessage());
            assertTrue(e.getMessage().contains(" of 1000 bytes in all; cip needs at least 16 KiB in every 2 s"),
                    e.getMessage());
            assertTrue(ms < 5_000, "refused when the 2 s window closed, not at the 20 s deadline: " + ms + " ms");
        }
    }

    @Test
    void aLongCopyReportsItsProgress() {
        byte[] blob = new byte[40];
        String digest = Digests.sha256(blob);
        List<String> progress = new CopyOnWriteArrayList<>();
        RegistryListener listener = new RegistryListener() {
            @Override
            public void waiting(String registry, Duration wait, int status) {
            }

            @Override
            public void progress(String registry, String what, long bytes, long total) {
                progress.add(registry + " " + what + " " + bytes + "/" + total);
            }
        };
        try (HostileRegistry reg = source(blob, blob.length, 50);
             RegistryClient c = new RegistryClient(options().withListener(listener).withTransfers(
                     RegistryOptions.Transfers.DEFAULT.withProgressEvery(Duration.ofMillis(500))))) {
            assertEquals(40, c.blobTo(reg.address(), "app", digest, blob.length, new ByteArrayOutputStream()));
            assertTrue(progress.size() >= 2, progress.toString());
            List<Long> bytes = new ArrayList<>();
            for (String p : progress) {
                assertTrue(p.startsWith(reg.address() + " blob " + digest + " of app "), p);
                assertTrue(p.endsWith("/40"), p);
                bytes.add(Long.parseLong(p.substring(p.lastIndexOf(' ') + 1, p.lastIndexOf('/'))));
            }
            assertEquals(bytes.stream().sorted().distinct().toList(), bytes, "growing: " + progress);
        }
    }

    @Test
    void aBlobOverTheCapIsRefusedBeforeItIsDownloaded() {
        byte[] blob = new byte[2048];
        try (HostileRegistry reg = source(blob, blob.length, 0);
             TestRegistry target = TestRegistry.open();
             RegistryClient c = new RegistryClient(options().withTransfers(RegistryOptions.Transfers.DEFAULT
                     .withMaxBlob(1024)))) {
            String name = TestImages.namespace("cap") + "/app";
            RegistryException e = assertThrows(RegistryException.class, () -> new RegistryCopier(c).copy(
                    reg.address(), "app", "1", target.address(), name, List.of("1")));
            assertEquals("blob " + Digests.sha256(blob) + " of app on registry " + reg.address() + " declares 2048 "
                    + "bytes, more than the 1 KiB cip copies as one blob; nothing was downloaded; if the layer is "
                    + "genuine, raise the limit on a single blob", e.getMessage());
            assertTrue(reg.requests().stream().noneMatch(r -> r.method().equals("GET") && r.path().contains("/blobs/")),
                    reg.requests().toString());
            assertTrue(c.head(target.address(), name, "1").isEmpty());
        }
    }

    @Test
    void noTemporaryFileOutlivesAFailedCopy() throws Exception {
        byte[] blob = "the real layer".getBytes(StandardCharsets.UTF_8);
        byte[] wrong = "the fake layer".getBytes(StandardCharsets.UTF_8);
        byte[] manifest = HostileRegistryTest.manifestOf(Digests.sha256(blob), blob.length);
        Path tmpDir = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = blobFiles(tmpDir);
        try (HostileRegistry reg = HostileRegistry.start(r -> r.path().contains("/manifests/")
                ? Response.of(200, manifest).header("Content-Type", MediaTypes.OCI_MANIFEST)
                : r.path().contains("/blobs/") ? Response.of(200, wrong) : Response.of(200, "{}"));
             TestRegistry target = TestRegistry.open();
             RegistryClient c = new RegistryClient(options())) {
            String name = TestImages.namespace("tmp") + "/app";
            assertThrows(RegistryException.class, () -> new RegistryCopier(c, 0).copy(reg.address(), "app", "1",
                    target.address(), name, List.of("1")));
        }
        Set<Path> left = blobFiles(tmpDir);
        left.removeAll(before);
        assertEquals(Set.of(), left);
    }

    @Test
    void aSigtermedCopyLeavesNoTemporaryFile() throws Exception {
        byte[] blob = new byte[64];
        try (HostileRegistry reg = source(blob, blob.length, 1000); TestRegistry target = TestRegistry.open()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-cp",
                    System.getProperty("java.class.path"), BlobCopyChild.class.getName(), reg.address(),
                    target.address(), TestImages.namespace("term") + "/app")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
            try {
                long until = System.nanoTime() + 30_000_000_000L;
                while (blobFiles(tmp).isEmpty() && System.nanoTime() < until && child.isAlive()) {
                    Thread.sleep(100);
                }
                assertFalse(blobFiles(tmp).isEmpty(), "the child is copying through a temporary file: "
                        + Files.readString(tmp.resolve("child.log")));
                child.destroy(); // SIGTERM
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child ends on SIGTERM");
                assertNotEquals(0, child.exitValue());
                assertEquals(Set.of(), blobFiles(tmp), "a copy stopped by SIGTERM leaves no temporary file");
            } finally {
                child.destroyForcibly();
            }
        }
    }
}
