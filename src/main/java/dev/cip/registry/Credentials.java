package dev.cip.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Registry credentials: a user name and secret (password or personal access token), or an identity token
 * (an OAuth2 refresh token, as {@code docker login} stores for some registries). {@link #toString()} never shows
 * the secret.
 *
 * @param username      the user name; null for a pure identity token
 * @param secret        the password; null for an identity token
 * @param identityToken an OAuth2 refresh token; null for user/password credentials
 */
public record Credentials(String username, String secret, String identityToken) {

    public Credentials {
        if (identityToken == null) {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(secret, "secret");
        }
    }

    public static Credentials basic(String username, String secret) {
        return new Credentials(username, secret, null);
    }

    public static Credentials identityToken(String token) {
        return new Credentials(null, null, Objects.requireNonNull(token, "token"));
    }

    public boolean isIdentityToken() {
        return identityToken != null;
    }

    /** The value of an HTTP {@code Authorization: Basic} header, or null for an identity token. */
    String basicHeader() {
        if (isIdentityToken()) {
            return null;
        }
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return isIdentityToken() ? "Credentials[identityToken=****]" : "Credentials[username=" + username
                + ", secret=****]";
    }
}
