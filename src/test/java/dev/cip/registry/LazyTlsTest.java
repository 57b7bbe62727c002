package dev.cip.registry;

import dev.cip.registry.testing.HostileRegistry;
import dev.cip.registry.testing.HostileRegistry.Response;
import dev.cip.registry.testing.TestCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TLS context set up on first use is the JDK's default one: plain HTTP needs none of it, and a server whose
 * certificate the JDK does not trust is refused as with the default context.
 */
class LazyTlsTest {
    @TempDir
    Path tmp;

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(LazyTls.context())
                .sslParameters(LazyTls.parameters()).build();
    }

    @Test
    void plainHttpWorksAndAnUntrustedCertificateIsRefused() throws Exception {
        TestCa ca = TestCa.create(tmp.resolve("ca"));
        try (HostileRegistry reg = HostileRegistry.start(ca.issueServerCert("untrusted"),
                r -> Response.of(200, "{}"))) {
            reg.plainHandler(r -> Response.of(200, "plain"));
            HttpClient http = client();
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create("http://" + reg.address()
                    + "/v2/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("plain", plain.body());

            SSLHandshakeException refused = assertThrows(SSLHandshakeException.class, () -> http.send(
                    HttpRequest.newBuilder(URI.create("https://" + reg.address() + "/v2/")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertTrue(String.valueOf(refused.getMessage()).contains("PKIX"), refused.getMessage());
            assertTrue(reg.requests().stream().noneMatch(r -> r.tls() && r.target().startsWith("/v2/")),
                    "a request reached the untrusted server over TLS: " + reg.requests());
        }
    }
}
