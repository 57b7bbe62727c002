package dev.cip.registry;

import dev.cip.oci.Platform;
import dev.cip.registry.testing.Started;
import dev.cip.store.PublishedImageReader;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryClientTest {
    @Started
    private TestRegistry registry;
    @Started(quickRetries = true)
    private RegistryClient client;

    private static String ns() {
        return TestImages.namespace("t");
    }

    @Test
    void headManifestAndInspectOfAnIndexWithAttestation() {
        String name = ns() + "/app";
        TestImages.Pushed pushed = TestImages.pushIndex(client, registry.address(), name, "1.0.0",
                List.of("linux/amd64", "linux/arm64", "linux/arm/v7"),
                Map.of("dev.cip.fingerprint", "abc123", "other", "x"), true, 1024);

        ManifestHead head = client.head(registry.address(), name, "1.0.0").orElseThrow();
        assertEquals(pushed.digest(), head.digest());
        assertEquals(MediaTypes.OCI_INDEX, head.mediaType());
        assertTrue(head.size() > 0);
        assertTrue(head.isIndex());

        Manifest index = client.manifest(registry.address(), name, "1.0.0").orElseThrow();
        assertEquals(pushed.digest(), index.digest());
        assertTrue(index.isIndex());
        assertEquals(4, index.entries().size());
        assertEquals(3, index.platformEntries().size());
        Descriptor att = index.entries().get(3);
        assertTrue(att.attestation());
        assertEquals("attestation-manifest", att.annotations().get("vnd.docker.reference.type"));
        assertEquals(Platform.parse("linux/arm/v7"), index.entries().get(2).platform());
        assertEquals(pushed.digest(), Digests.sha256(index.raw()));

        Manifest child = client.manifest(registry.address(), name, pushed.manifests().get("linux/arm64"))
                .orElseThrow();
        assertFalse(child.isIndex());
        assertEquals(MediaTypes.OCI_CONFIG, child.config().mediaType());
        assertEquals(1, child.layers().size());
        assertEquals(1024, child.layers().get(0).size());

        ImageSummary s = PublishedImageReader.inspect(client, registry.address(), name, "1.0.0").orElseThrow();
        assertEquals(pushed.digest(), s.digest());
        assertEquals(Set.of("linux/amd64", "linux/arm64", "linux/arm/v7"), s.platforms());
        assertEquals(List.of("linux/amd64", "linux/arm/v7", "linux/arm64"), List.copyOf(s.platforms()));
        assertEquals("abc123", s.fingerprint());
        assertEquals("x", s.labels().get("other"));
        assertEquals(Set.of(), s.missingPlatforms(List.of("linux/amd64", "linux/arm64")));
        assertEquals(Set.of("linux/s390x"), s.missingPlatforms(List.of("linux/amd64", "linux/s390x")));
    }

    @Test
    void absentTagsAndRepositoriesAreEmpty() {
        String name = ns() + "/nothing";
        assertEquals(Optional.empty(), client.head(registry.address(), name, "1.0.0"));
        assertEquals(Optional.empty(), client.manifest(registry.address(), name, "1.0.0"));
        assertEquals(Optional.empty(), PublishedImageReader.inspect(client, registry.address(), name, "latest"));
        TestImages.pushSingle(client, registry.address(), name, "1.0.0", "linux/amd64", Map.of(), 10);
        assertEquals(Optional.empty(), client.head(registry.address(), name, "2.0.0"));
        assertTrue(client.head(registry.address(), name, "1.0.0").isPresent());
        assertEquals(Optional.empty(), client.blobSize(registry.address(), name,
                "sha256:" + "0".repeat(64)));
    }

    @Test
    void singleManifestReadsPlatformFromConfig() {
        String name = ns() + "/single";
        TestImages.Pushed pushed = TestImages.pushSingle(client, registry.address(), name, "0.1",
                "linux/arm64", Map.of("dev.cip.fingerprint", "fp1"), 100);
        ManifestHead head = client.head(registry.address(), name, "0.1").orElseThrow();
        assertEquals(MediaTypes.DOCKER_MANIFEST, head.mediaType());
        assertEquals(pushed.digest(), head.digest());
        ImageSummary s = PublishedImageReader.inspect(client, registry.address(), name, "0.1").orElseThrow();
        assertEquals(Set.of("linux/arm64"), s.platforms());
        assertEquals("fp1", s.fingerprint());
        assertFalse(s.isIndex());
    }

    @Test
    void pathPrefixGoesAfterV2() throws Exception {
        String team = ns();
        String prefixed = registry.address() + "/" + team + "/images";
        TestImages.Pushed pushed = TestImages.pushSingle(client, prefixed, "app", "1.2.3", "linux/amd64",
                Map.of(), 50);
        assertEquals(pushed.digest(), client.head(prefixed, "app", "1.2.3").orElseThrow().digest());
        // the same image seen without the prefix in the registry value
        assertEquals(pushed.digest(), client.head(registry.address(), team + "/images/app", "1.2.3")
                .orElseThrow().digest());
        // and by a raw request to the path the spec prescribes
        HttpResponse<Void> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + registry.address() + "/v2/" + team + "/images/app/manifests/1.2.3"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", MediaTypes.ACCEPT_MANIFESTS).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, raw.statusCode());
        assertEquals(pushed.digest(), raw.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    @Test
    void blobsRoundTripMonolithicAndChunked() {
        String name = ns() + "/blobs";
        byte[] small = TestImages.randomBytes(new Random(1), 3000);
        String d1 = client.pushBlob(registry.address(), name, small);
        assertArrayEquals(small, client.blob(registry.address(), name, d1));
        assertEquals(Optional.of(3000L), client.blobSize(registry.address(), name, d1));

        try (RegistryClient chunky = new RegistryClient(RegistryOptions.defaults().withChunkSize(1000))) {
            byte[] big = TestImages.randomBytes(new Random(2), 4500);
            String d2 = Digests.sha256(big);
            chunky.pushBlob(registry.address(), name, d2, big);
            assertArrayEquals(big, client.blob(registry.address(), name, d2));
        }
        // a wrong digest is refused by the registry and reported
        RegistryException e = assertThrows(RegistryException.class, () -> client.pushBlob(registry.address(), name,
                "sha256:" + "1".repeat(64), small));
        assertEquals(RegistryException.Kind.HTTP, e.kind());
        assertTrue(e.getMessage().contains(registry.address()), e.getMessage());
    }

    @Test
    void downRegistryIsReportedAsUnreachable() {
        String down = "127.0.0.1:" + freePortNobodyListensOn();
        try (RegistryClient c = new RegistryClient(RegistryOptions.defaults().withMaxRetries(2)
                .withRetryDelays(Duration.ofMillis(5), Duration.ofMillis(20)))) {
            RegistryException e = assertThrows(RegistryException.class, () -> c.head(down, "app", "1.0"));
            assertEquals(RegistryException.Kind.UNREACHABLE, e.kind());
            assertEquals(down, e.registry());
            assertTrue(e.getMessage().contains("registry " + down + " is not reachable (connection refused)"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("is it running?"), e.getMessage());
        }
    }

    /** Documents why the Accept list matters: distribution 2.8 hides an index from a request without it. */
    @Test
    void distributionNeedsTheAcceptListForIndexes() throws Exception {
        String name = ns() + "/quirk";
        TestImages.pushIndex(client, registry.address(), name, "1", List.of("linux/amd64"), Map.of(), false, 10);
        HttpResponse<Void> bare = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + registry.address() + "/v2/" + name + "/manifests/1"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(404, bare.statusCode());
        assertTrue(client.head(registry.address(), name, "1").isPresent());
    }

    @Test
    void invalidInputIsRejectedBeforeAnyRequest() {
        assertThrows(IllegalArgumentException.class, () -> client.head(registry.address(), "app", "--output=x"));
        assertThrows(IllegalArgumentException.class, () -> client.head(registry.address(), "../x", "1"));
        assertThrows(IllegalArgumentException.class, () -> client.head(registry.address(), "App", "1"));
    }

    @Test
    void missingRegistryBinaryFailsWithTheInstallHint() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> TestRegistry.findBinary("/nonexistent-dir-for-cip-test"));
        assertTrue(e.getMessage().contains("install docker-registry (run scripts/test-env.sh up)"), e.getMessage());
    }

    @Test
    void registryAddressParsing() {
        RegistryAddress a = RegistryAddress.parse("registry.example.com/team/images");
        assertEquals("registry.example.com", a.host());
        assertEquals("team/images/app", a.repository("app"));
        assertFalse(a.isLoopback());
        assertTrue(RegistryAddress.parse("localhost:5000").isLoopback());
        assertTrue(RegistryAddress.parse("127.0.0.5:5001").isLoopback());
        assertTrue(RegistryAddress.parse("[::1]:5000").isLoopback());
        assertEquals("app", RegistryAddress.parse("localhost:5000").repository("app"));
        assertEquals(5000, RegistryAddress.parse("[::1]:5000").port());
        assertEquals(-1, RegistryAddress.parse("registry.example.com/x").port());
        assertEquals("localhost:5000", RegistryAddress.parse("https://localhost:5000/").toString());
        assertThrows(dev.cip.failure.InvalidSetting.class, () -> RegistryAddress.parse("host/Bad_"));
        assertNull(RegistryAddress.parse("localhost").port() == -1 ? null : "port");
    }

    static int freePortNobodyListensOn() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
