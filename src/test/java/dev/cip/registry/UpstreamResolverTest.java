package dev.cip.registry;

import dev.cip.oci.ImageRef;
import dev.cip.registry.UpstreamResolver.Failed;
import dev.cip.registry.UpstreamResolver.Resolution;
import dev.cip.registry.UpstreamResolver.Resolved;
import dev.cip.registry.testing.FaultProxy;
import dev.cip.registry.testing.Started;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import dev.cip.registry.testing.UpstreamRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link UpstreamResolver} against real registries on loopback: an upstream with token auth and anonymous pull
 * tokens as Docker Hub ({@link UpstreamRegistry}), Basic auth, faults, down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamResolverTest {
    private Path dir;
    private UpstreamRegistry upstream;
    @Started(quickRetries = true)
    private RegistryClient client;

    @BeforeAll
    void start() throws IOException {
        dir = Files.createTempDirectory("cip-upstream-test-");
        upstream = UpstreamRegistry.start(dir);
    }

    @AfterAll
    void stop() {
        upstream.close();
    }

    private String push(String name, String tag, String seed) {
        return upstream.push(name, tag, seed).digest();
    }

    @Test
    void resolvesATagToItsIndexDigestWithAnAnonymousToken() {
        String ns = TestImages.namespace("up");
        String digest = push(ns + "/debian", "bookworm-slim", "1");
        ImageRef ref = ImageRef.parse(upstream.address() + "/" + ns + "/debian:bookworm-slim");
        Map<ImageRef, Resolution> answer = new UpstreamResolver(client, 4).resolve(List.of(ref));
        assertEquals(Map.of(ref, new Resolved(digest)), answer);
        assertTrue(upstream.tokens().scopesRequested().contains("repository:" + ns + "/debian:pull"), upstream.tokens().scopesRequested()
                .toString());
    }

    @Test
    void aWrittenDigestIsIgnoredAndAMovedTagGivesItsNewDigest() {
        String ns = TestImages.namespace("up");
        String old = push(ns + "/base", "1", "old");
        ImageRef pinned = ImageRef.parse(upstream.address() + "/" + ns + "/base:1@" + old);
        UpstreamResolver resolver = new UpstreamResolver(client, 4);
        assertEquals(new Resolved(old), resolver.resolve(List.of(pinned)).get(pinned));
        String moved = push(ns + "/base", "1", "new");
        assertTrue(!moved.equals(old));
        assertEquals(new Resolved(moved), resolver.resolve(List.of(pinned)).get(pinned));
    }

    @Test
    void noTagMeansLatest() {
        String ns = TestImages.namespace("up");
        String digest = push(ns + "/app", "latest", "l");
        ImageRef ref = ImageRef.parse(upstream.address() + "/" + ns + "/app");
        assertEquals(new Resolved(digest), new UpstreamResolver(client, 1).resolve(List.of(ref)).get(ref));
    }

    @Test
    void oneRequestPerDistinctReferenceInParallel() {
        String ns = TestImages.namespace("up");
        try (FaultProxy proxy = FaultProxy.to(upstream.address())) {
            String a = push(ns + "/a", "1", "a");
            String b = push(ns + "/b", "1", "b");
            proxy.delay(300);
            String host = proxy.address();
            List<ImageRef> refs = List.of(ImageRef.parse(host + "/" + ns + "/a:1"),
                    ImageRef.parse(host + "/" + ns + "/a:1@sha256:" + "0".repeat(64)),
                    ImageRef.parse(host + "/" + ns + "/b:1"), ImageRef.parse(host + "/" + ns + "/a:1"));
            Map<ImageRef, Resolution> answer = new UpstreamResolver(client, 4).resolve(refs);
            assertEquals(3, answer.size(), answer.toString());
            assertEquals(new Resolved(a), answer.get(refs.get(0)));
            assertEquals(new Resolved(a), answer.get(refs.get(1)));
            assertEquals(new Resolved(b), answer.get(refs.get(2)));
            // the first HEAD of each repository meets the token challenge; the one answered is sent once
            List<String> answered = proxy.seen().stream()
                    .filter(s -> s.method().equals("HEAD") && s.authorization() != null).map(s -> s.path()).sorted()
                    .toList();
            assertEquals(List.of("/v2/" + ns + "/a/manifests/1", "/v2/" + ns + "/b/manifests/1"), answered);
            assertEquals(2, proxy.maxInFlight(), "the two HEADs run at the same time");
        }
    }

    @Test
    void aMissingTagIsAFailureNamingRegistryAndReference() {
        String ns = TestImages.namespace("up");
        push(ns + "/base", "1", "x");
        ImageRef ref = ImageRef.parse(upstream.address() + "/" + ns + "/base:2");
        Resolution r = new UpstreamResolver(client, 2).resolve(List.of(ref)).get(ref);
        String reason = assertInstanceOf(Failed.class, r).reason();
        assertTrue(reason.contains(upstream.address()) && reason.contains(ns + "/base") && reason.contains("'2'"),
                reason);
    }

    @Test
    void refusedCredentialsAreAFailureNotAnException() {
        try (TestRegistry basic = TestRegistry.builder().htpasswd("u", "p").start()) {
            ImageRef ref = ImageRef.parse(basic.address() + "/team/app:1");
            Resolution r = new UpstreamResolver(client, 2).resolve(List.of(ref)).get(ref);
            String reason = assertInstanceOf(Failed.class, r).reason();
            assertTrue(reason.contains(ref.toString()) && reason.contains(basic.address()), reason);
            assertTrue(reason.contains("401") || reason.toLowerCase().contains("credentials"), reason);
        }
    }

    @Test
    void aServerErrorIsAFailureAndTheOtherReferencesStillResolve() {
        String ns = TestImages.namespace("up");
        String good = push(ns + "/good", "1", "g");
        try (FaultProxy proxy = FaultProxy.to(upstream.address())) {
            proxy.failMatching("HEAD", "/" + ns + "/bad/", 500, 100);
            ImageRef bad = ImageRef.parse(proxy.address() + "/" + ns + "/bad:1");
            ImageRef ok = ImageRef.parse(proxy.address() + "/" + ns + "/good:1");
            Map<ImageRef, Resolution> answer = new UpstreamResolver(client, 2).resolve(List.of(bad, ok));
            String reason = assertInstanceOf(Failed.class, answer.get(bad)).reason();
            assertTrue(reason.contains(bad.toString()) && reason.contains(proxy.address()) && reason.contains("500"),
                    reason);
            assertEquals(new Resolved(good), answer.get(ok));
        }
    }

    @Test
    void anUnreachableRegistryIsAFailure() {
        String down = "127.0.0.1:" + freePort();
        ImageRef ref = ImageRef.parse(down + "/app:1");
        Resolution r = new UpstreamResolver(client, 2).resolve(List.of(ref)).get(ref);
        String reason = assertInstanceOf(Failed.class, r).reason();
        assertTrue(reason.contains(ref.toString()) && reason.contains(down), reason);
    }

    @Test
    void hostileTextInAReferenceIsCleaned() {
        ImageRef ref = ImageRef.parse(upstream.address() + "/app:\u001b[31mred\nline");
        Resolution r = new UpstreamResolver(client, 2).resolve(List.of(ref)).get(ref);
        String reason = assertInstanceOf(Failed.class, r).reason();
        assertTrue(!reason.contains("\u001b") && !reason.contains("\n"), reason);
    }

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
