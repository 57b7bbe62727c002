package dev.cip.registry;

import dev.cip.registry.testing.HostileRegistry;
import dev.cip.registry.testing.HostileRegistry.Response;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 20.10: failures of the token service are its own; a challenge cip cannot read is said to be that, once. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ErrorWordingTest {

    private static RegistryOptions options() {
        return RegistryOptions.defaults().withMaxRetries(2).withRetryDelays(Duration.ofMillis(10),
                Duration.ofMillis(50)).withProbeTimeout(Duration.ofMillis(300)).withRequestTimeout(Duration.ofSeconds(5));
    }

    private static long manifestRequests(HostileRegistry reg) {
        return reg.requests().stream().filter(r -> r.path().startsWith("/v2/app/")).count();
    }

    @Test
    void aFailingTokenServiceIsNamedAtItsUrlNotAsTheRegistry() {
        HostileRegistry[] self = new HostileRegistry[1];
        try (HostileRegistry reg = HostileRegistry.start(r -> r.path().equals("/auth/token")
                ? Response.of(500, HostileRegistry.errorBody("UNKNOWN", "token backend down"))
                : r.path().equals("/v2/") ? Response.of(200, "{}")
                : Response.status(401).header("WWW-Authenticate", "Bearer realm=\"http://" + self[0].address()
                + "/auth/token?tenant=x\",service=\"hostile\""));
             RegistryClient c = new RegistryClient(options())) {
            self[0] = reg;
            RegistryException e = assertThrows(RegistryException.class, () -> c.head(reg.address(), "app", "1"));
            assertTrue(e.getMessage().startsWith("the token service at http://" + reg.address() + "/auth/token of "
                    + "registry " + reg.address() + " answered HTTP 500 to GET /auth/token for repository app "
                    + "(UNKNOWN: token backend down) (after 2 retries)"), e.getMessage());
            assertFalse(e.getMessage().startsWith("registry "), "not the registry's failure: " + e.getMessage());
        }
    }

    @Test
    void aTokenServiceAnsweringAnUnexpectedStatusIsNamedToo() {
        HostileRegistry[] self = new HostileRegistry[1];
        try (HostileRegistry reg = HostileRegistry.start(r -> r.path().equals("/token") ? Response.status(404)
                : r.path().equals("/v2/") ? Response.of(200, "{}")
                : Response.status(401).header("WWW-Authenticate", "Bearer realm=\"http://" + self[0].address()
                + "/token\""));
             RegistryClient c = new RegistryClient(options())) {
            self[0] = reg;
            RegistryException e = assertThrows(RegistryException.class, () -> c.head(reg.address(), "app", "1"));
            assertTrue(e.getMessage().startsWith("the token service at http://" + reg.address() + "/token of "
                    + "registry " + reg.address() + " answered HTTP 404 to GET /token"), e.getMessage());
        }
    }

    @Test
    void aChallengeTheHttpClientRejectsIsAnUnparsableChallengeNotAnUnreachableRegistry() {
        try (HostileRegistry reg = HostileRegistry.start(r -> r.path().equals("/v2/") ? Response.of(200, "{}")
                : Response.status(401).header("WWW-Authenticate", "Bearer realm=\"x\u001b[31m\""));
             RegistryClient c = new RegistryClient(options())) {
            RegistryException e = assertThrows(RegistryException.class, () -> c.head(reg.address(), "app", "1"));
            assertEquals(RegistryException.Kind.INVALID, e.kind(), e.getMessage());
            assertEquals("registry " + reg.address() + " sent an unparsable challenge (a WWW-Authenticate header "
                    + "with a character HTTP does not allow) in answer to HEAD /v2/app/manifests/1 for repository "
                    + "app; the registry or a proxy in front of it is broken or hostile", e.getMessage());
            assertEquals(1, manifestRequests(reg), "not retried: " + reg.requests());
        }
    }

    @Test
    void aChallengeCipCannotAnswerIsSaidToBeUnparsable() {
        try (HostileRegistry reg = HostileRegistry.start(r -> r.path().equals("/v2/") ? Response.of(200, "{}")
                : Response.status(401).header("WWW-Authenticate", "Negotiate"));
             RegistryClient c = new RegistryClient(options())) {
            RegistryException e = assertThrows(RegistryException.class, () -> c.head(reg.address(), "app", "1"));
            assertEquals("registry " + reg.address() + " sent an unparsable challenge (WWW-Authenticate: Negotiate) "
                    + "with HTTP 401 on HEAD /v2/app/manifests/1 for repository app; cip answers Basic and Bearer "
                    + "challenges; the registry or a proxy in front of it is misconfigured", e.getMessage());
            assertEquals(1, manifestRequests(reg), "not retried: " + reg.requests());
        }
    }
}
