package dev.cip.registry;

import dev.cip.maven.MavenHelpfulSuggestions;
import dev.cip.registry.testing.AcceptingRegistry;
import dev.cip.registry.testing.HostileRegistry;
import dev.cip.registry.testing.HostileRegistry.Response;
import dev.cip.registry.testing.TestCa;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What cip does when a registry misbehaves: nothing leaks, nothing hangs, nothing runs out of memory. (The timeout
 * turns a hang, the failure these tests guard against, into a failed test.)
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileRegistryTest {
    private static final String USER = "ci-bot";
    private static final String PASSWORD = "S3CRET-hostile";

    @TempDir
    Path tmp;

    private static RegistryOptions fast() {
        return RegistryOptions.defaults().withMaxRetries(0).withRetryDelays(Duration.ofMillis(10),
                Duration.ofMillis(50)).withProbeTimeout(Duration.ofMillis(300)).withRequestTimeout(Duration.ofSeconds(2));
    }

    private static RegistryOptions withCredentials(RegistryOptions o, HostileRegistry r) {
        return o.withCredentials(host -> host.equals(r.address())
                ? java.util.Optional.of(Credentials.basic(USER, PASSWORD)) : java.util.Optional.empty());
    }

    /** An OCI image manifest whose config and only layer are both the given blob. */
    static byte[] manifestOf(String layerDigest, long layerSize) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + layerDigest + "\",\"size\":" + layerSize
                + "},\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER_GZIP + "\",\"digest\":\"" + layerDigest
                + "\",\"size\":" + layerSize + "}]}").getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------- #11.1 origins

    @Test
    void credentialsNeverFollowARedirectFromHttpsToPlainHttpOnTheSameHostAndPort() {
        TestCa ca = TestCa.create(tmp.resolve("ca"));
        byte[] blob = "layer content".getBytes(StandardCharsets.UTF_8);
        String digest = Digests.sha256(blob);
        HostileRegistry[] self = new HostileRegistry[1];
        try (HostileRegistry reg = HostileRegistry.start(ca.issueServerCert("hostile"),
                HostileRegistry.basicAuth(USER, PASSWORD, r -> r.path().contains("/blobs/")
                        ? Response.status(307).header("Location", "http://" + self[0].address() + r.path()
                        + "?redirected=1") : Response.of(200, "{}")))) {
            self[0] = reg;
            reg.plainHandler(r -> r.target().contains("redirected=1") ? Response.of(200, blob)
                    : Response.of(400, "Client sent an HTTP request to an HTTPS server.\n"));
            try (RegistryClient c = new RegistryClient(withCredentials(fast(), reg).withExtraCaPem(ca.certificate()))) {
                c.ping(reg.address());
                assertEquals(Arrays.toString(blob), Arrays.toString(c.blob(reg.address(), "app", digest)));
                assertEquals(java.util.Optional.of((long) blob.length), c.blobSize(reg.address(), "app", digest));
            }
            List<HostileRegistry.Request> plain = reg.requests().stream()
                    .filter(r -> !r.tls() && r.target().contains("redirected=1")).toList();
            assertEquals(2, plain.size(), "the GET and the HEAD were redirected to plain HTTP: " + reg.requests());
            plain.forEach(r -> assertEquals(null, r.header("Authorization"), "credentials in clear text: " + r));
            assertTrue(reg.requests().stream().anyMatch(r -> r.tls() && r.header("Authorization") != null),
                    "over TLS the credentials were sent");
        }
    }

    @Test
    void anUploadLocationOnPlainHttpGetsNoCredentials() {
        TestCa ca = TestCa.create(tmp.resolve("ca"));
        byte[] blob = "upload me".getBytes(StandardCharsets.UTF_8);
        HostileRegistry[] self = new HostileRegistry[1];
        try (HostileRegistry reg = HostileRegistry.start(ca.issueServerCert("hostile"),
                HostileRegistry.basicAuth(USER, PASSWORD, r -> r.method().equals("POST")
                        ? Response.status(202).header("Location", "http://" + self[0].address()
                        + "/v2/app/blobs/uploads/u1?_state=x") : Response.of(200, "{}")))) {
            self[0] = reg;
            reg.plainHandler(r -> r.path().startsWith("/v2/app/blobs/uploads/u1")
                    ? Response.status(r.method().equals("PUT") ? 201 : 204)
                    : Response.of(400, "Client sent an HTTP request to an HTTPS server.\n"));
            try (RegistryClient c = new RegistryClient(withCredentials(fast(), reg).withExtraCaPem(ca.certificate()))) {
                c.pushBlob(reg.address(), "app", Digests.sha256(blob), blob);
            }
            List<HostileRegistry.Request> put = reg.requests().stream()
                    .filter(r -> !r.tls() && r.method().equals("PUT")).toList();
            assertEquals(1, put.size(), reg.requests().toString());
            assertEquals(null, put.get(0).header("Authorization"), "credentials in clear text: " + put.get(0));
            assertEquals("upload me", new String(put.get(0).body(), StandardCharsets.UTF_8));
        }
    }

    // ------------------------------------------------------------------------------------------- #11.3 caps

    @Test
    void anEndlessManifestIsCutAtTheCapWithAClearError() {
        try (HostileRegistry reg = HostileRegistry.start(r -> r.path().contains("/manifests/")
                ? Response.endless(200).header("Content-Type", MediaTypes.OCI_MANIFEST) : Response.of(200, "{}"));
             RegistryClient c = new RegistryClient(fast())) {
            long t0 = System.nanoTime();
            RegistryException e = assertThrows(RegistryException.class,
                    () -> c.manifest(reg.address(), "app", "1.0"));
            assertEquals(RegistryException.Kind.INVALID, e.kind());
            assertTrue(e.getMessage().contains("registry " + reg.address() + " sent more than 4 MiB for the "
                    + "manifest app:1.0"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
        }
    }

    @Test
    void aManifestDeclaredLargerThanTheCapIsNotRead() {
        byte[] big = new byte[(4 << 20) + 1];
        Arrays.fill(big, (byte) ' ');
        try (HostileRegistry reg = HostileRegistry.start(r -> r.path().contains("/manifests/")
                ? Response.of(200, big).header("Content-Type", MediaTypes.OCI_INDEX) : Response.of(200, "{}"));
             RegistryClient c = new RegistryClient(fast())) {
            RegistryException e = assertThrows(RegistryException.class, () -> c.manifest(reg.address(), "app", "1"));
            assertTrue(e.getMessage().contains("sent more than 4 MiB"), e.getMessage());
        }
    }

    @Test
    void aTricklingManifestRunsIntoTheDeadline() {
        byte[] body = new byte[200];
        Arrays.fill(body, (byte) ' ');
        try (HostileRegistry reg = HostileRegistry.start(r -> r.path().contains("/manifests/")
                ? Response.of(200, body).trickle(100) : Response.of(200, "{}"));
             RegistryClient c = new RegistryClient(fast().withRequestTimeout(Duration.ofSeconds(1)))) {
            long t0 = System.nanoTime();
            RegistryException e = assertThrows(RegistryException.class, () -> c.manifest(reg.address(), "app", "1"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(RegistryException.Kind.UNREACHABLE, e.kind());
            assertTrue(e.getMessage().contains("registry " + reg.address() + " did not send the manifest app:1 in "
                    + "time"), e.getMessage());
            assertTrue(ms < 5_000, "gave up after " + ms + " ms, the body would take 20 s");
        }
    }

    @Test
    void anEndlessTokenIsCutAtTheCap() {
        HostileRegistry[] self = new HostileRegistry[1];
        try (HostileRegistry reg = HostileRegistry.start(r -> r.path().equals("/token")
                ? Response.endless(200) : r.header("Authorization") == null
                ? Response.status(401).header("WWW-Authenticate", "Bearer realm=\"http://" + self[0].address()
                + "/token\",service=\"hostile\"") : Response.status(404));
             RegistryClient c = new RegistryClient(fast())) {
            self[0] = reg;
            RegistryException e = assertThrows(RegistryException.class, () -> c.head(reg.address(), "app", "1"));
            assertTrue(e.getMessage().contains("sent more than 1 MiB for a token from its token service "
                    + reg.address()), e.getMessage());
        }
    }

    @Test
    void aBlobLongerThanItsDescriptorSaysIsCut() {
        byte[] blob = new byte[100];
        String digest = Digests.sha256(blob);
        try (HostileRegistry reg = HostileRegistry.start(r -> Response.of(200, blob).withoutLength());
             RegistryClient c = new RegistryClient(fast())) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> c.blobTo(reg.address(), "app", digest, 10, new ByteArrayOutputStream()));
            assertEquals(RegistryException.Kind.INVALID, e.kind());
            assertTrue(e.getMessage().contains("sent more than 10 bytes for blob " + digest), e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------- #11.8 text

    @Test
    void errorTextFromTheRegistryCannotForgeLogLinesOrEscapeSequences() {
        byte[] evil = HostileRegistry.errorBody("DENIED", "no\n[INFO] BUILD SUCCESS\r\n\u001b[31mred\u001b[0m\u0007");
        try (HostileRegistry reg = HostileRegistry.start(r -> r.path().contains("/manifests/")
                ? Response.of(400, evil) : Response.of(200, "{}"));
             RegistryClient c = new RegistryClient(fast())) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> c.manifest(reg.address(), "app", "1"));
            assertTrue(e.getMessage().contains("(DENIED: no [INFO] BUILD SUCCESS red)"), e.getMessage());
            assertFalse(e.getMessage().chars().anyMatch(Character::isISOControl), e.getMessage());
        }
        byte[] raw = ("<html>\n\u001b]0;title\u0007oops\u009b2J" + "x".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
        try (HostileRegistry reg = HostileRegistry.start(r -> r.path().contains("/manifests/")
                ? Response.of(502, raw) : Response.of(200, "{}"));
             RegistryClient c = new RegistryClient(fast())) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> c.manifest(reg.address(), "app", "1"));
            assertFalse(e.getMessage().chars().anyMatch(Character::isISOControl), e.getMessage());
            assertTrue(e.getMessage().contains("(<html> oops"), e.getMessage());
            assertTrue(e.getMessage().length() < 600, e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------- #11.10 digests

    @Test
    void onlySha256AndSha512AreAcceptedAndBothAreVerified() {
        byte[] manifest = manifestOf(Digests.sha256(new byte[0]), 0);
        String sha512 = Digests.of("sha512:", manifest);
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"md5:0123456789abcdef0123456789abcdef\","
                + "\"size\":10}]}").getBytes(StandardCharsets.UTF_8);
        try (HostileRegistry reg = HostileRegistry.start(r -> {
            if (r.path().endsWith("/manifests/unknown-alg")) {
                return Response.of(200, index).header("Content-Type", MediaTypes.OCI_INDEX);
            }
            if (r.path().endsWith("/manifests/" + sha512)) {
                return Response.of(200, manifest).header("Content-Type", MediaTypes.OCI_MANIFEST);
            }
            if (r.path().contains("/manifests/sha512:")) {
                return Response.of(200, manifestOf(Digests.sha256(new byte[1]), 1))
                        .header("Content-Type", MediaTypes.OCI_MANIFEST);
            }
            return Response.of(200, "{}");
        }); RegistryClient c = new RegistryClient(fast())) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> c.manifest(reg.address(), "app", "unknown-alg"));
            assertEquals(RegistryException.Kind.INVALID, e.kind());
            assertTrue(e.getMessage().contains("registry " + reg.address() + " sent an invalid manifest for app:"
                    + "unknown-alg"), e.getMessage());
            assertTrue(e.getMessage().contains("is not a sha256 or sha512 digest"), e.getMessage());

            assertEquals(sha512, c.manifest(reg.address(), "app", sha512).orElseThrow().digest());
            String other = "sha512:" + "0".repeat(128);
            RegistryException mismatch = assertThrows(RegistryException.class,
                    () -> c.manifest(reg.address(), "app", other));
            assertTrue(mismatch.getMessage().contains("(content changed or corrupted)"), mismatch.getMessage());

            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> c.blobSize(reg.address(), "app", "sha1:" + "0".repeat(40)));
            assertTrue(bad.getMessage().contains("is not a sha256 or sha512 digest"), bad.getMessage());
        }
    }

    @Test
    void aMediaTypeThatCannotBeAHeaderIsRefused() {
        byte[] manifest = "{\"schemaVersion\":2,\"mediaType\":\"text/x\\r\\nX-Evil: 1\"}".getBytes(StandardCharsets.UTF_8);
        try (HostileRegistry reg = HostileRegistry.start(r -> Response.of(200, manifest));
             RegistryClient c = new RegistryClient(fast())) {
            RegistryException e = assertThrows(RegistryException.class, () -> c.manifest(reg.address(), "app", "1"));
            assertEquals(RegistryException.Kind.INVALID, e.kind());
            assertTrue(e.getMessage().contains("manifest media type 'text/x X-Evil: 1' is not a media type"),
                    e.getMessage());
        }
    }

    /** #14: the copier's digest verification, against a source that serves a layer with the wrong content. */
    @Test
    void theCopierRefusesABlobWithTheWrongContentNamingItsDigest() {
        byte[] layer = "the real layer".getBytes(StandardCharsets.UTF_8);
        String digest = Digests.sha256(layer);
        byte[] manifest = manifestOf(digest, layer.length);
        byte[] wrong = "the fake layer".getBytes(StandardCharsets.UTF_8);
        try (HostileRegistry source = HostileRegistry.start(r -> r.path().contains("/manifests/")
                ? Response.of(200, manifest).header("Content-Type", MediaTypes.OCI_MANIFEST)
                : r.path().contains("/blobs/") ? Response.of(200, wrong) : Response.of(200, "{}"));
             // a target that accepts anything: the refusal must be cip's own, before any byte is uploaded
             HostileRegistry target = HostileRegistry.start(AcceptingRegistry.handler());
             RegistryClient c = new RegistryClient(fast())) {
            String name = TestImages.namespace("h") + "/app";
            RegistryException e = assertThrows(RegistryException.class, () -> new RegistryCopier(c).copy(
                    source.address(), "app", "1.0", target.address(), name, List.of("1.0", "latest")));
            assertEquals(RegistryException.Kind.INVALID, e.kind());
            assertTrue(e.getMessage().contains("blob " + digest + " from app on registry " + source.address()
                    + " hashes to " + Digests.sha256(wrong)), e.getMessage());
            assertFalse(AcceptingRegistry.received(target, wrong), "the bad blob reached the target");
            assertTrue(target.requests().stream().noneMatch(r -> r.method().equals("PUT")
                    && r.path().contains("/manifests/")), "nothing was tagged");
        }
    }

    // ------------------------------------------------------------------------------------------- #14.7 messages

    @Test
    void aNameThatDoesNotResolveIsNotReportedAsConnectionRefused() {
        try (RegistryClient c = new RegistryClient(fast().withHints(MavenHelpfulSuggestions.INSTANCE))) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> c.head("registry.invalid:5000", "app", "1"));
            assertEquals(RegistryException.Kind.UNREACHABLE, e.kind());
            assertTrue(e.getMessage().contains("the host name registry.invalid of registry registry.invalid:5000 "
                    + "could not be resolved"), e.getMessage());
            assertFalse(e.getMessage().contains("refused"), e.getMessage());
            assertFalse(e.getMessage().contains("is it running"), e.getMessage());
        }
    }

    /**
     * A plain-HTTP registry reached over HTTPS. Here the scheme probe of a loopback registry decides HTTPS because
     * the server is silent at first (as a slow or busy server is); off loopback it is any plain-HTTP registry not
     * listed as insecure.
     */
    @Test
    void aPlainHttpRegistryReachedOverTlsPointsAtInsecureRegistries() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        try (HostileRegistry reg = HostileRegistry.start(r -> n.getAndIncrement() == 0 ? Response.silence()
                : Response.of(200, "{}"));
             RegistryClient c = new RegistryClient(fast().withHints(MavenHelpfulSuggestions.INSTANCE))) {
            RegistryException e = assertThrows(RegistryException.class, () -> c.ping(reg.address()));
            assertEquals(RegistryException.Kind.TLS, e.kind(), e.getMessage() + " " + e.getCause());
            assertTrue(e.getMessage().contains("registry " + reg.address() + " answered in plain HTTP to an HTTPS "
                    + "request"), e.getMessage());
            assertTrue(e.getMessage().contains("add it to cip.insecureRegistries"), e.getMessage());
            assertTrue(reg.requests().stream().anyMatch(r -> r.method().equals("TLS-HELLO")), reg.requests()
                    .toString());
        }
    }

    // ------------------------------------------------------------------------------------------- #11.9 loopback

    @Test
    void dotLocalhostNamesAreNotLoopback() {
        assertFalse(RegistryAddress.parse("registry.localhost:5000").isLoopback());
        assertTrue(RegistryAddress.parse("localhost:5000").isLoopback());
        try (RegistryClient c = new RegistryClient(fast())) {
            assertFalse(c.allowsPlainHttp("registry.localhost:5000"));
        }
        try (RegistryClient c = new RegistryClient(fast().withInsecureRegistries(Set.of("registry.localhost:5000")))) {
            assertTrue(c.allowsPlainHttp("registry.localhost:5000"));
        }
    }
}
