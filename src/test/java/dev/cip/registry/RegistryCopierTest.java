package dev.cip.registry;

import dev.cip.registry.testing.Started;
import dev.cip.store.PublishedImageReader;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryCopierTest {
    @Started
    private TestRegistry remote;
    @Started
    private TestRegistry local;
    @Started(quickRetries = true)
    private RegistryClient client;

    private static String ns() {
        return TestImages.namespace("c");
    }

    @Test
    void copiesEveryPlatformAndAttestationThenSendsNothingTheSecondTime() {
        String name = ns() + "/java-dev";
        TestImages.Pushed src = TestImages.pushIndex(client, remote.address(), name, "1.4.0",
                List.of("linux/amd64", "linux/arm64"), Map.of("dev.cip.fingerprint", "fp"), true, 5000);
        Set<String> blobs = new LinkedHashSet<>(src.blobs());

        RegistryCopier copier = new RegistryCopier(client);
        CopyResult r = copier.copy(remote.address(), name, "1.4.0", local.address(), name, List.of("1.4.0", "latest"));
        assertEquals(src.digest(), r.digest());
        assertEquals(MediaTypes.OCI_INDEX, r.mediaType());
        assertEquals(blobs.size(), r.blobsSent());
        assertEquals(0, r.blobsSkipped());
        assertEquals(3 + 2, r.manifestsPushed(), "two platforms, one attestation, two tags");
        long expectedBytes = blobs.stream().mapToLong(d -> client.blob(remote.address(), name, d).length).sum();
        assertEquals(expectedBytes, r.bytesSent());

        // manifest by manifest, blob by blob
        for (String tag : List.of("1.4.0", "latest")) {
            assertEquals(src.digest(), client.head(local.address(), name, tag).orElseThrow().digest());
        }
        Manifest srcIndex = client.manifest(remote.address(), name, "1.4.0").orElseThrow();
        Manifest dstIndex = client.manifest(local.address(), name, "1.4.0").orElseThrow();
        assertArrayEquals(srcIndex.raw(), dstIndex.raw());
        for (Descriptor d : srcIndex.entries()) {
            Manifest a = client.manifest(remote.address(), name, d.digest()).orElseThrow();
            Manifest b = client.manifest(local.address(), name, d.digest()).orElseThrow();
            assertArrayEquals(a.raw(), b.raw());
            for (Descriptor blob : a.blobs()) {
                assertArrayEquals(client.blob(remote.address(), name, blob.digest()),
                        client.blob(local.address(), name, blob.digest()));
            }
        }
        ImageSummary s = PublishedImageReader.inspect(client, local.address(), name, "latest").orElseThrow();
        assertEquals(Set.of("linux/amd64", "linux/arm64"), s.platforms());
        assertEquals("fp", s.fingerprint());

        CopyResult again = copier.copy(remote.address(), name, "1.4.0", local.address(), name,
                List.of("1.4.0", "latest"));
        assertEquals(0, again.blobsSent());
        assertEquals(0L, again.bytesSent());
        assertEquals(blobs.size(), again.blobsSkipped());
    }

    @Test
    void withinOneRegistryBlobsAreMounted() {
        String name = ns() + "/base";
        TestImages.Pushed src = TestImages.pushIndex(client, remote.address(), name, "2.0",
                List.of("linux/amd64"), Map.of(), false, 300);
        String target = ns() + "/mirror";
        CopyResult r = new RegistryCopier(client).copy(remote.address(), name, "2.0", remote.address(), target,
                List.of("2.0"));
        assertEquals(0, r.blobsSent());
        assertEquals(new LinkedHashSet<>(src.blobs()).size(), r.blobsMounted());
        assertEquals(src.digest(), client.head(remote.address(), target, "2.0").orElseThrow().digest());
        for (String b : src.blobs()) {
            assertTrue(client.blobSize(remote.address(), target, b).isPresent());
        }
    }

    @Test
    void largeBlobsGoThroughATempFileAndChunks() {
        String name = ns() + "/big";
        TestImages.Pushed src = TestImages.pushSingle(client, remote.address(), name, "3.0", "linux/arm64",
                Map.of("k", "v"), 20_000);
        try (RegistryClient chunky = new RegistryClient(RegistryOptions.defaults().withChunkSize(4096))) {
            CopyResult r = new RegistryCopier(chunky, 100).copy(remote.address(), name, "3.0",
                    local.address() + "/prefix", name, List.of("3.0"));
            assertEquals(2, r.blobsSent());
            assertEquals(MediaTypes.DOCKER_MANIFEST, r.mediaType());
        }
        ImageSummary s = PublishedImageReader.inspect(client, local.address() + "/prefix", name, "3.0").orElseThrow();
        assertEquals(src.digest(), s.digest());
        assertEquals(Set.of("linux/arm64"), s.platforms());
        assertEquals("v", s.labels().get("k"));
    }

    @Test
    void missingSourceIsAClearError() {
        RegistryException e = assertThrows(RegistryException.class, () -> new RegistryCopier(client)
                .copy(remote.address(), "nope/app", "1.0", local.address(), "nope/app", List.of("1.0")));
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("nope/app:1.0 not found in registry " + remote.address()),
                e.getMessage());
    }

    /** A source registry that serves a layer whose bytes do not match its digest: the copy stops, nothing is tagged. */
    @Test
    void aBlobWhoseBytesDoNotMatchItsDigestIsRefused() throws Exception {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] layer = "the real layer".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] forged = "a forged layer".getBytes(java.nio.charset.StandardCharsets.UTF_8); // same length
        String configDigest = sha256(config);
        String layerDigest = sha256(layer);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + configDigest + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layerDigest + "\",\"size\":"
                + layer.length + "}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String manifestDigest = sha256(manifest);
        try (dev.cip.registry.testing.HostileRegistry source = dev.cip.registry.testing.HostileRegistry.start(r -> {
            String path = r.path();
            if (path.equals("/v2/") || path.equals("/v2")) {
                return dev.cip.registry.testing.HostileRegistry.Response.of(200, "{}");
            }
            if (path.contains("/manifests/")) {
                return dev.cip.registry.testing.HostileRegistry.Response.of(200, r.method().equals("HEAD")
                                ? new byte[0] : manifest)
                        .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                        .header("Docker-Content-Digest", manifestDigest);
            }
            if (path.endsWith("/blobs/" + configDigest)) {
                return dev.cip.registry.testing.HostileRegistry.Response.of(200, config);
            }
            if (path.endsWith("/blobs/" + layerDigest)) {
                return dev.cip.registry.testing.HostileRegistry.Response.of(200, forged);
            }
            return dev.cip.registry.testing.HostileRegistry.Response.status(404);
        })) {
            // the target accepts anything: only cip's own check stands between the forged bytes and a tag
            try (dev.cip.registry.testing.HostileRegistry target = dev.cip.registry.testing.HostileRegistry.start(
                    dev.cip.registry.testing.AcceptingRegistry.handler())) {
                String name = ns() + "/forged";
                RegistryException e = assertThrows(RegistryException.class, () -> new RegistryCopier(client)
                        .copy(source.address(), name, "1.0", target.address(), name, List.of("1.0", "latest")));
                assertTrue(e.getMessage().contains("blob " + layerDigest) && e.getMessage().contains("hashes to "
                        + sha256(forged)), e.getMessage());
                assertFalse(dev.cip.registry.testing.AcceptingRegistry.received(target, forged),
                        "the forged bytes reached the target");
                assertTrue(target.requests().stream().noneMatch(r -> r.method().equals("PUT")
                        && r.path().contains("/manifests/")), "nothing is tagged");
            }
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(bytes));
    }
}
