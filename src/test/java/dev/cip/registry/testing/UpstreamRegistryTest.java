package dev.cip.registry.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The upstream fixture behaves as Docker Hub does for cip: token challenge, anonymous pull only, movable tags. */
class UpstreamRegistryTest {
    @TempDir
    Path dir;

    @Test
    void answersWithATokenChallengeMovesTagsAndRefusesAnonymousPushes() throws Exception {
        try (UpstreamRegistry upstream = UpstreamRegistry.start(dir)) {
            HttpResponse<Void> ping = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + upstream.address() + "/v2/")).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(401, ping.statusCode());
            assertTrue(ping.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm="));

            UpstreamRegistry.Pushed first = upstream.push("library/debian", "bookworm-slim", "1");
            UpstreamRegistry.Pushed second = upstream.push("library/debian", "bookworm-slim", "2");
            assertNotEquals(first.digest(), second.digest());
            assertEquals(UpstreamRegistry.PLATFORMS, first.platformManifests().keySet().stream().sorted().toList());

            // an anonymous token grants pull, never push
            upstream.tokens().pushOnlyWith("someone-else", "x");
            AssertionError refused = assertThrows(AssertionError.class,
                    () -> upstream.push("library/debian", "bookworm-slim", "3"));
            assertTrue(refused.getMessage().contains("401"), refused.getMessage());
            assertFalse(upstream.tokens().scopesRequested().isEmpty());
        }
    }
}
