package dev.cip.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Answers registry challenges: remembers the challenge of each host (so later requests authenticate up front),
 * fetches and caches bearer tokens per host and scope set, and sends Basic credentials where asked.
 */
final class Authenticator {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tokens are dropped this long before the expiry the token server announced. */
    private static final long EXPIRY_MARGIN_NANOS = 10_000_000_000L;

    private final RegistryClient client;
    private final CredentialProvider credentials;
    private final ConcurrentMap<String, AuthChallenge> challenges = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Token> tokens = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    private record Token(String value, long expiresAtNanos) {
        boolean valid() {
            return System.nanoTime() - expiresAtNanos < 0;
        }
    }

    Authenticator(RegistryClient client, CredentialProvider credentials) {
        this.client = client;
        this.credentials = credentials;
    }

    boolean hasCredentials(String host) {
        return credentials.forHost(host).isPresent();
    }

    /** The Authorization header to send, or null (no challenge seen yet for that host, or nothing to send). */
    String authorization(RegistryAddress reg, List<String> scopes) {
        AuthChallenge ch = challenges.get(reg.host());
        if (ch == null) {
            return null;
        }
        if (ch.isBasic()) {
            Optional<Credentials> c = credentials.forHost(reg.host());
            if (c.isEmpty() || c.get().isIdentityToken()) {
                return null;
            }
            return c.get().basicHeader();
        }
        if (ch.isBearer()) {
            return "Bearer " + token(reg, ch, scopes);
        }
        return null;
    }

    /**
     * Called on a 401: learns the challenge and says whether one more attempt can succeed (a cached token was
     * refused and is dropped, or there is something we did not send yet).
     */
    boolean onUnauthorized(RegistryAddress reg, List<String> scopes, HttpHeaders headers, String sent) {
        List<AuthChallenge> all = AuthChallenge.parseAll(headers.allValues("WWW-Authenticate"));
        AuthChallenge ch = all.stream().filter(AuthChallenge::isBearer).findFirst()
                .or(() -> all.stream().filter(AuthChallenge::isBasic).findFirst()).orElse(null);
        if (ch == null) {
            return false;
        }
        challenges.put(reg.host(), ch);
        if (ch.isBearer()) {
            if (sent != null && sent.startsWith("Bearer ")) {
                tokens.remove(key(reg, scopes(ch, scopes)));
            }
            return true;
        }
        if (ch.isBasic()) {
            Optional<Credentials> c = credentials.forHost(reg.host());
            return sent == null && c.isPresent() && !c.get().isIdentityToken();
        }
        return false;
    }

    /** Our scopes, sorted: the cache key. (The challenge's scope names the same access for the same request.) */
    private static List<String> scopes(AuthChallenge ch, List<String> wanted) {
        return List.copyOf(new TreeSet<>(wanted));
    }

    private static String key(RegistryAddress reg, List<String> scopes) {
        return reg.host() + " " + String.join(" ", scopes);
    }

    private String token(RegistryAddress reg, AuthChallenge ch, List<String> wanted) {
        List<String> scopes = scopes(ch, wanted);
        String key = key(reg, scopes);
        Token t = tokens.get(key);
        if (t != null && t.valid()) {
            return t.value();
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            t = tokens.get(key);
            if (t != null && t.valid()) {
                return t.value();
            }
            t = fetch(reg, ch, scopes);
            tokens.put(key, t);
            return t.value();
        }
    }

    private Token fetch(RegistryAddress reg, AuthChallenge ch, List<String> scopes) {
        String host = reg.host();
        String realm = ch.param("realm");
        if (realm == null || realm.isBlank()) {
            throw new RegistryException(RegistryException.Kind.AUTH, host, null, 401,
                    "registry " + host + " asked for a bearer token but named no realm");
        }
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(RegistryException.Kind.AUTH, host, null, 401,
                    "registry " + host + " named an invalid token realm");
        }
        if (realmUri.getScheme() == null || realmUri.getRawAuthority() == null
                || !(realmUri.getScheme().equals("https") || realmUri.getScheme().equals("http"))) {
            throw new RegistryException(RegistryException.Kind.AUTH, host, null, 401,
                    "registry " + host + " named an invalid token realm " + realm);
        }
        // Credentials go to a plain-HTTP realm only where plain HTTP is allowed anyway.
        boolean mayCarryCredentials = realmUri.getScheme().equals("https")
                || client.allowsPlainHttp(realmUri.getRawAuthority());
        Optional<Credentials> creds = mayCarryCredentials ? credentials.forHost(host) : Optional.empty();
        String service = ch.param("service");
        String repo = scopes.stream().filter(s -> s.startsWith("repository:")).findFirst()
                .map(s -> s.substring("repository:".length(), s.lastIndexOf(':'))).orElse(null);

        RegistryClient.Call call;
        if (creds.isPresent() && creds.get().isIdentityToken()) {
            StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=cip-maven-plugin");
            if (service != null) {
                form.append("&service=").append(RegistryClient.enc(service));
            }
            form.append("&scope=").append(RegistryClient.enc(String.join(" ", scopes)));
            form.append("&refresh_token=").append(RegistryClient.enc(creds.get().identityToken()));
            String body = form.toString();
            call = new RegistryClient.Call("POST", reg, repo, null).absolute(realmUri)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .body(() -> HttpRequest.BodyPublishers.ofString(body));
        } else {
            List<String> params = new ArrayList<>();
            if (service != null) {
                params.add("service=" + RegistryClient.enc(service));
            }
            for (String s : scopes) {
                params.add("scope=" + RegistryClient.enc(s));
            }
            String q = String.join("&", params);
            String base = realm;
            URI uri = URI.create(q.isEmpty() ? base : base + (realmUri.getRawQuery() == null ? "?" : "&") + q);
            call = new RegistryClient.Call("GET", reg, repo, null).absolute(uri);
            if (creds.isPresent()) {
                call.header("Authorization", creds.get().basicHeader());
            }
        }
        boolean withCreds = creds.isPresent();
        RegistryClient.Call tokenCall = call;
        return client.executeRaw(tokenCall, resp -> {
            int status = resp.statusCode();
            if (status == 401 || status == 403) {
                RegistryClient.drain(resp);
                throw new RegistryException(RegistryException.Kind.AUTH, host, repo, status,
                        withCreds
                                ? "the token service " + realmUri.getRawAuthority() + " of registry " + host
                                + " rejected the credentials for " + host + " (HTTP " + status + "); check them: "
                                + "run 'docker login " + host + "' again or fix the Maven <server> whose id is "
                                + host
                                : "the token service " + realmUri.getRawAuthority() + " of registry " + host
                                + " refused anonymous access" + (repo == null ? "" : " to " + repo) + " (HTTP "
                                + status + "); run 'docker login " + host + "' or add a Maven <server> whose id is "
                                + host + " to settings.xml");
            }
            if (status != 200) {
                client.expect(tokenCall, resp, 200);
            }
            byte[] bytes = RegistryClient.readBody(tokenCall, resp);
            JsonNode n;
            try {
                n = JSON.readTree(bytes);
            } catch (IOException e) {
                n = null;
            }
            String token = n == null ? "" : n.path("token").asText("");
            if (token.isEmpty() && n != null) {
                token = n.path("access_token").asText("");
            }
            if (token.isEmpty()) {
                throw new RegistryException(RegistryException.Kind.AUTH, host, repo, status,
                        "the token service " + realmUri.getRawAuthority() + " of registry " + host
                                + " answered without a token");
            }
            long expiresIn = n.path("expires_in").asLong(60);
            if (expiresIn <= 0) {
                expiresIn = 60;
            }
            long lifetime = Math.max(1_000_000_000L, expiresIn * 1_000_000_000L - EXPIRY_MARGIN_NANOS);
            return new Token(token, System.nanoTime() + lifetime);
        });
    }
}
