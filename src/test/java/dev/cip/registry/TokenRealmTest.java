package dev.cip.registry;

import dev.cip.registry.testing.HostileRegistry;
import dev.cip.registry.testing.HostileRegistry.Response;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20.3: a registry names the token realm, so it could aim cip at internal addresses. Refused before any
 * request: link-local and cloud metadata addresses and names (also a name that resolves to such an address), and
 * plain HTTP off loopback; a loopback HTTP realm still works.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TokenRealmTest {
    private static final String USER = "ci-bot";
    private static final String PASSWORD = "S3CRET-realm";

    private static RegistryOptions fast(HostileRegistry reg) {
        return RegistryOptions.defaults().withMaxRetries(2).withRetryDelays(Duration.ofMillis(10),
                        Duration.ofMillis(50)).withProbeTimeout(Duration.ofMillis(300))
                .withRequestTimeout(Duration.ofSeconds(2)).withConnectTimeout(Duration.ofSeconds(3))
                .withCredentials(host -> host.equals(reg.address())
                        ? Optional.of(Credentials.basic(USER, PASSWORD)) : Optional.empty());
    }

    /** A registry whose every request gets a Bearer challenge with {@code realm}. */
    private static HostileRegistry challenging(String realm) {
        return HostileRegistry.start(r -> Response.status(401).header("WWW-Authenticate",
                "Bearer realm=\"" + realm + "\",service=\"hostile\""));
    }

    private static RegistryException refusal(String realm) {
        try (HostileRegistry reg = challenging(realm); RegistryClient c = new RegistryClient(fast(reg))) {
            RegistryException e = assertThrows(RegistryException.class, () -> c.head(reg.address(), "app", "1"));
            assertEquals(RegistryException.Kind.AUTH, e.kind(), e.getMessage());
            assertTrue(e.getMessage().startsWith("registry " + reg.address() + " named the token realm "),
                    e.getMessage());
            assertFalse(e.getMessage().contains("not reachable"), "no connection was tried: " + e.getMessage());
            assertEquals(1, reg.requests().stream().filter(r -> r.path().startsWith("/v2/app/")).count(),
                    "only the challenged request reached the registry: " + reg.requests());
            return e;
        }
    }

    @Test
    void theCloudMetadataAddressIsRefusedWithoutARequest() {
        RegistryException e = refusal("http://169.254.169.254/latest/meta-data/iam?x=1");
        assertTrue(e.getMessage().contains("named the token realm http://169.254.169.254/latest/meta-data/iam on "
                + "plain HTTP"), e.getMessage());
        RegistryException https = refusal("https://169.254.169.254/latest/meta-data/");
        assertTrue(https.getMessage().contains("https://169.254.169.254/latest/meta-data/ on a link-local or cloud "
                + "metadata address"), https.getMessage());
    }

    @Test
    void linkLocalAndMetadataAddressesAndNamesAreRefusedOverHttpsToo() {
        for (String realm : List.of("https://[fe80::1]/token", "https://[fd00:ec2::254]/token",
                "https://169.254.1.2:8443/token", "https://[::ffff:169.254.169.254]/token", "https://0.0.0.0/t")) {
            assertTrue(refusal(realm).getMessage().contains("on a link-local or cloud metadata address"), realm);
        }
        for (String realm : List.of("https://metadata.google.internal/computeMetadata/v1/",
                "https://METADATA/token", "https://metadata.google.internal./x")) {
            assertTrue(refusal(realm).getMessage().contains("a cloud metadata service"), realm);
        }
    }

    @Test
    void plainHttpRealmsOffLoopbackAreRefusedWithOrWithoutCredentials() {
        RegistryException e = refusal("http://tokens.example.test/token");
        assertTrue(e.getMessage().contains("named the token realm http://tokens.example.test/token on plain HTTP; "
                + "cip fetches tokens over plain HTTP only from loopback"), e.getMessage());
    }

    @Test
    void aNameThatResolvesToALinkLocalAddressIsRefused() {
        RegistryAddress reg = RegistryAddress.parse("registry.example.test");
        TokenRealm.Resolver resolver = host -> new InetAddress[] {
                InetAddress.getByAddress(host, new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254})};
        RegistryException e = assertThrows(RegistryException.class, () -> TokenRealm.check(reg,
                "https://innocent.example.test/token", a -> false, resolver));
        assertEquals("registry registry.example.test named the token realm https://innocent.example.test/token "
                + "(169.254.169.254) on a link-local or cloud metadata address; cip fetches no token there (the "
                + "registry or a proxy in front of it is misconfigured or hostile)", e.getMessage());
        assertEquals(URI.create("https://tokens.example.test/token"), TokenRealm.check(reg,
                "https://tokens.example.test/token", a -> false, host -> new InetAddress[] {
                        InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7})}));
    }

    @Test
    void aLoopbackHttpRealmIsStillUsed() {
        HostileRegistry[] self = new HostileRegistry[1];
        try (HostileRegistry reg = HostileRegistry.start(r -> r.path().equals("/token")
                ? Response.of(200, "{\"token\":\"t0k3n\"}")
                : "Bearer t0k3n".equals(r.header("Authorization")) ? Response.status(404)
                : Response.status(401).header("WWW-Authenticate", "Bearer realm=\"http://" + self[0].address()
                + "/token\",service=\"hostile\""))) {
            self[0] = reg;
            try (RegistryClient c = new RegistryClient(fast(reg))) {
                assertTrue(c.head(reg.address(), "app", "1").isEmpty());
            }
            assertTrue(reg.requests().stream().anyMatch(r -> r.path().equals("/token")), reg.requests().toString());
        }
    }
}
