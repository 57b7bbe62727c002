package dev.cip.mirror;

import dev.cip.registry.testing.Started;
import dev.cip.report.Console;
import dev.cip.registry.Descriptor;
import dev.cip.registry.Manifest;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.RegistryException;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryMirrorTest {
    @Started
    private TestRegistry remote;
    @Started
    private TestRegistry local;
    @Started(quickRetries = true)
    private RegistryClient client;

    private static String ns() {
        return TestImages.namespace("m");
    }

    /** Collects log lines. */
    static final class Lines implements Console {
        final List<String> info = new ArrayList<>();
        final List<String> warn = new ArrayList<>();

        @Override
        public void info(String line) {
            info.add(line);
        }

        @Override
        public void warn(String line) {
            warn.add(line);
        }
    }

    @Test
    void copiesAllPlatformsThenSkipsAndReportsTheMissingOnesWhileCopyingTheRest() {
        String from = remote.address() + "/" + ns();
        String to = local.address() + "/" + ns();
        TestImages.Pushed base = TestImages.pushIndex(client, from, "base", "1.0.0",
                List.of("linux/amd64", "linux/arm64"), Map.of(), true, 2000);
        TestImages.Pushed app = TestImages.pushIndex(client, from, "app", "2.1.0",
                List.of("linux/amd64", "linux/arm64"), Map.of(), true, 1000);
        List<ImageVersion> images = List.of(new ImageVersion("base", "1.0.0"), new ImageVersion("ghost", "0.1.0"),
                new ImageVersion("app", "2.1.0"));

        Lines lines = new Lines();
        var first = new RegistryMirror(client, lines).upload(from, to, images, false);
        assertEquals(List.of(RegistryMirror.CopyStatus.COPIED, RegistryMirror.CopyStatus.MISSING,
                        RegistryMirror.CopyStatus.COPIED),
                first.images().stream().map(RegistryMirror.ImageCopy::status).toList());
        assertFalse(first.succeeded());
        assertEquals(List.of(new ImageVersion("ghost", "0.1.0")),
                first.with(RegistryMirror.CopyStatus.MISSING).stream().map(RegistryMirror.ImageCopy::image).toList());
        assertEquals(new LinkedHashSet<>(base.blobs()).size(), first.images().get(0).copy().blobsSent());
        assertEquals(2, lines.info.size(), lines.info.toString());
        assertTrue(lines.info.get(0).startsWith("base:1.0.0: copied sha256:"), lines.info.get(0));
        assertTrue(lines.info.get(0).contains(" blobs sent"), lines.info.get(0));
        assertEquals(List.of("ghost:0.1.0: missing from " + from + "/ghost:0.1.0; not copied"), lines.warn);

        for (var pushed : Map.of("base", base, "app", app).entrySet()) {
            String name = pushed.getKey();
            for (String tag : List.of(name.equals("base") ? "1.0.0" : "2.1.0", "latest")) {
                assertEquals(pushed.getValue().digest(), client.head(to, name, tag).orElseThrow().digest());
            }
            Manifest index = client.manifest(to, name, "latest").orElseThrow();
            assertEquals(3, index.entries().size(), "two platforms and an attestation");
            for (Descriptor d : index.entries()) {
                assertArrayEquals(client.manifest(from, name, d.digest()).orElseThrow().raw(),
                        client.manifest(to, name, d.digest()).orElseThrow().raw());
            }
        }
        assertTrue(client.head(to, "ghost", "0.1.0").isEmpty());

        Lines again = new Lines();
        var second = new RegistryMirror(client, again)
                .upload(from, to, List.of(images.get(0), images.get(2)), false);
        assertTrue(second.succeeded());
        assertEquals(2, second.with(RegistryMirror.CopyStatus.SKIPPED).size());
        second.images().forEach(o -> assertNull(o.copy(), "nothing copied"));
        assertTrue(again.info.get(0).startsWith("base:1.0.0: skipped, already in " + to), again.info.get(0));
    }

    @Test
    void aStaleLatestIsMovedWithoutCopyingAndAChangedVersionIsCopiedAgain() {
        String from = remote.address() + "/" + ns();
        String to = local.address() + "/" + ns();
        TestImages.Pushed v1 = TestImages.pushIndex(client, from, "tool", "1.0.0", List.of("linux/amd64"),
                Map.of("v", "1"), false, 100);
        RegistryMirror mirror = new RegistryMirror(client, new Lines());
        mirror.upload(from, to, List.of(new ImageVersion("tool", "1.0.0")), false);
        // latest in the target points at something else (e.g. a local build): only the tag moves
        TestImages.Pushed other = TestImages.pushIndex(client, to, "tool", "latest", List.of("linux/amd64"),
                Map.of("v", "other"), false, 100);
        assertEquals(other.digest(), client.head(to, "tool", "latest").orElseThrow().digest());
        var o = mirror.upload(from, to, List.of(new ImageVersion("tool", "1.0.0")), false);
        assertEquals(RegistryMirror.CopyStatus.SKIPPED, o.images().get(0).status());
        assertTrue(o.images().get(0).detail().endsWith("tagged latest"), o.images().get(0).detail());
        assertEquals(v1.digest(), client.head(to, "tool", "latest").orElseThrow().digest());

        // the same version re-pushed to the remote with other content is copied over the old one
        TestImages.Pushed v1b = TestImages.pushIndex(client, from, "tool", "1.0.0", List.of("linux/amd64"),
                Map.of("v", "1b"), false, 100);
        var o2 = mirror.upload(from, to, List.of(new ImageVersion("tool", "1.0.0")), false);
        assertEquals(RegistryMirror.CopyStatus.COPIED, o2.images().get(0).status());
        assertTrue(o2.images().get(0).detail().contains("copied"), o2.images().get(0).detail());
        assertEquals(v1b.digest(), client.head(to, "tool", "1.0.0").orElseThrow().digest());
    }

    @Test
    void aDryRunDecidesButWritesNothing() {
        String from = remote.address() + "/" + ns();
        String to = local.address() + "/" + ns();
        TestImages.pushIndex(client, from, "dry", "1.0", List.of("linux/amd64"), Map.of(), false, 100);
        Lines lines = new Lines();
        var o = new RegistryMirror(client, lines)
                .upload(from, to, List.of(new ImageVersion("dry", "1.0")), true);
        assertEquals(RegistryMirror.CopyStatus.COPIED, o.images().get(0).status());
        assertTrue(lines.info.get(0).contains("would copy"), lines.info.toString());
        assertTrue(client.head(to, "dry", "1.0").isEmpty());
        assertTrue(client.head(to, "dry", "latest").isEmpty());
    }

    @Test
    void aTargetThatIsDownStopsBeforeAnythingIsCopied() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String from = remote.address() + "/" + ns();
        TestImages.pushIndex(client, from, "x", "1.0", List.of("linux/amd64"), Map.of(), false, 100);
        Lines lines = new Lines();
        RegistryException e = assertThrows(RegistryException.class, () -> new RegistryMirror(client, lines)
                .upload(from, "127.0.0.1:" + port, List.of(new ImageVersion("x", "1.0")), false));
        assertEquals(RegistryException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        assertTrue(lines.info.isEmpty() && lines.warn.isEmpty());
    }

    @Test
    void dockerReferencesAreNormalised() {
        assertEquals("localhost:5000/team/app:1.0",
                RegistryMirror.dockerReference("http://localhost:5000/team/", "app", "1.0"));
        assertEquals("r.example.com/app:latest", RegistryMirror.dockerReference("r.example.com", "app", "latest"));
    }
}
