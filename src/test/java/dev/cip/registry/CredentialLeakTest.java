package dev.cip.registry;

import dev.cip.registry.testing.HostileRegistry;
import dev.cip.registry.testing.HostileRegistry.Request;
import dev.cip.registry.testing.HostileRegistry.Response;
import dev.cip.registry.testing.TestCa;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 23 (deliver 3): credentials go to the registry's own origin only — not to another host or another port
 * behind a redirect or an upload {@code Location}, Basic or Bearer — and no failure, in any form, shows a secret.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CredentialLeakTest {
    private static final String USER = "ci-bot";
    private static final String PASSWORD = "S3CRET-leak";
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
            .getBytes(StandardCharsets.UTF_8));
    private static final String TOKEN = "TOKEN-9f8e7d";

    @TempDir
    Path tmp;

    private static RegistryOptions options(String registry, TestCa ca) {
        return RegistryOptions.defaults().withMaxRetries(1).withRetryDelays(Duration.ofMillis(10),
                        Duration.ofMillis(50)).withProbeTimeout(Duration.ofMillis(300))
                .withRequestTimeout(Duration.ofSeconds(5)).withExtraCaPem(ca == null ? null : ca.certificate())
                .withCredentials(host -> host.equals(registry)
                        ? Optional.of(Credentials.basic(USER, PASSWORD)) : Optional.empty());
    }

    /** Where the registry sends blob reads and uploads: another host on its port, or its host on another port. */
    private enum Elsewhere { OTHER_HOST, OTHER_PORT }

    /**
     * A TLS registry on localhost:P that wants {@code bearer} or Basic auth and sends blob reads and uploads to
     * {@code elsewhere(P)}; /storage/ and /upload/ answer anyone.
     */
    private static HostileRegistry registry(TestCa ca, boolean bearer, Function<Integer, String> elsewhere,
                                            byte[] blob) {
        int[] port = new int[1];
        HostileRegistry reg = HostileRegistry.start(ca.issueServerCert("leak"), r -> {
            if (r.path().startsWith("/storage/")) {
                return Response.of(200, blob);
            }
            if (r.path().startsWith("/upload/")) {
                return Response.status(r.method().equals("PUT") ? 201 : 204);
            }
            if (r.path().equals("/token")) {
                return BASIC.equals(r.header("Authorization")) ? Response.of(200, "{\"token\":\"" + TOKEN + "\"}")
                        : Response.status(401);
            }
            String expected = bearer ? "Bearer " + TOKEN : BASIC;
            if (!expected.equals(r.header("Authorization"))) {
                return Response.status(401).header("WWW-Authenticate", bearer ? "Bearer realm=\"https://localhost:"
                        + port[0] + "/token\",service=\"leak\"" : "Basic realm=\"leak\"");
            }
            if (r.path().contains("/blobs/uploads/")) {
                return Response.status(202).header("Location", elsewhere.apply(port[0]) + "/upload/u1?_state=s");
            }
            if (r.path().contains("/blobs/")) {
                return Response.status(307).header("Location", elsewhere.apply(port[0]) + "/storage/b1?sig=x");
            }
            return Response.of(200, "{}");
        });
        port[0] = reg.port();
        return reg;
    }

    @Test
    void noCredentialsFollowABlobRedirectOrAnUploadLocationToAnotherHostOrPort() {
        TestCa ca = TestCa.create(tmp.resolve("ca"));
        byte[] blob = "layer bytes".getBytes(StandardCharsets.UTF_8);
        String digest = Digests.sha256(blob);
        try (HostileRegistry other = HostileRegistry.start(ca.issueServerCert("other"), r ->
                r.path().startsWith("/storage/") ? Response.of(200, blob)
                        : Response.status(r.method().equals("PUT") ? 201 : 204))) {
            for (boolean bearer : new boolean[] {false, true}) {
                for (Elsewhere where : Elsewhere.values()) {
                    Function<Integer, String> elsewhere = where == Elsewhere.OTHER_HOST
                            ? p -> "https://127.0.0.1:" + p : p -> "https://localhost:" + other.port();
                    String label = (bearer ? "Bearer" : "Basic") + " → " + where;
                    int before = other.requests().size();
                    try (HostileRegistry reg = registry(ca, bearer, elsewhere, blob);
                         RegistryClient c = new RegistryClient(options(reg.address(), ca))) {
                        assertArrayEquals(blob, c.blob(reg.address(), "app", digest), label);
                        c.pushBlob(reg.address(), "app", digest, blob);
                        List<Request> all = new ArrayList<>(reg.requests());
                        all.addAll(other.requests().subList(before, other.requests().size()));
                        List<Request> moved = all.stream().filter(r -> r.path().startsWith("/storage/")
                                || r.path().startsWith("/upload/")).toList();
                        assertEquals(2, moved.size(), label + ": the GET and the PUT went elsewhere: " + all);
                        moved.forEach(r -> assertNull(r.header("Authorization"), label + ": credentials went "
                                + "to another origin: " + r));
                        assertTrue(reg.requests().stream().anyMatch(r -> r.path().startsWith("/v2/app/")
                                && r.header("Authorization") != null), label + ": the registry got them");
                    }
                }
            }
        }
    }

    /** Every form a failure takes: message, toString, stack trace with causes and suppressed exceptions. */
    private static void assertNoSecret(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String all = e.getMessage() + "\n" + e + "\n" + trace;
        for (String secret : List.of(PASSWORD, BASIC, BASIC.substring("Basic ".length()), TOKEN)) {
            assertFalse(all.contains(secret), "a failure shows the secret " + secret + ": " + all);
        }
        assertFalse(all.contains("Authorization"), all);
    }

    @Test
    void noFailureShowsThePasswordTheBasicValueOrTheToken() {
        List<Function<HostileRegistry[], HostileRegistry.Handler>> registries = List.of(
                // Basic credentials rejected
                self -> r -> r.path().equals("/v2/") ? Response.of(200, "{}")
                        : Response.status(401).header("WWW-Authenticate", "Basic realm=\"x\""),
                // Basic credentials lack permission
                self -> r -> r.path().equals("/v2/") ? Response.of(200, "{}")
                        : r.header("Authorization") == null
                        ? Response.status(401).header("WWW-Authenticate", "Basic realm=\"x\"") : Response.status(403),
                // the token is issued, then rejected
                self -> r -> r.path().equals("/token") ? Response.of(200, "{\"token\":\"" + TOKEN + "\"}")
                        : r.path().equals("/v2/") ? Response.of(200, "{}")
                        : Response.status(401).header("WWW-Authenticate", "Bearer realm=\"http://"
                        + self[0].address() + "/token\",service=\"x\""),
                // the token service refuses the credentials
                self -> r -> r.path().equals("/token") ? Response.status(401)
                        : r.path().equals("/v2/") ? Response.of(200, "{}")
                        : Response.status(401).header("WWW-Authenticate", "Bearer realm=\"http://"
                        + self[0].address() + "/token\",service=\"x\""),
                // the token service fails
                self -> r -> r.path().equals("/token") ? Response.of(500, "echo: " + r.header("Authorization"))
                        : r.path().equals("/v2/") ? Response.of(200, "{}")
                        : Response.status(401).header("WWW-Authenticate", "Bearer realm=\"http://"
                        + self[0].address() + "/token\",service=\"x\""),
                // the registry fails with the header in its error body
                self -> r -> r.path().equals("/v2/") ? Response.of(200, "{}") : r.header("Authorization") == null
                        ? Response.status(401).header("WWW-Authenticate", "Basic realm=\"x\"")
                        : Response.of(400, "bad request " + r.header("Authorization")));
        int i = 0;
        for (var handler : registries) {
            HostileRegistry[] self = new HostileRegistry[1];
            try (HostileRegistry reg = HostileRegistry.start(handler.apply(self))) {
                self[0] = reg;
                try (RegistryClient c = new RegistryClient(options(reg.address(), null))) {
                    RegistryException e = assertThrows(RegistryException.class,
                            () -> c.manifest(reg.address(), "app", "1"), "case " + i);
                    assertNoSecret(e);
                    RegistryException push = assertThrows(RegistryException.class,
                            () -> c.pushBlob(reg.address(), "app", new byte[] {1}), "case " + i);
                    assertNoSecret(push);
                }
                assertTrue(reg.requests().stream().anyMatch(r -> r.header("Authorization") != null),
                        "case " + i + ": credentials were sent, so there was something to leak");
            }
            i++;
        }
    }
}
