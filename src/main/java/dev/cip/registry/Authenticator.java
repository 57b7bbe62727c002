package dev.cip.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cip.json.Json;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;

/**
 * Answers registry challenges: remembers the challenge of each host (so later requests authenticate up front),
 * fetches and caches bearer tokens per host and scope set, and sends Basic credentials where asked. Token requests
 * go through the {@link Exchange} it is given; it knows nothing of the client.
 */
final class Authenticator implements Authorizer {
    /** Tokens are dropped this long before the expiry the token server announced. */
    private static final long EXPIRY_MARGIN_NANOS = 10_000_000_000L;

    private final CredentialProvider credentials;
    private final Predicate<RegistryAddress> allowsPlainHttp;
    private final Exchange tokenExchange;
    private final RegistryErrors errors;
    private final long tokenLimit;
    private final TokenRealm.Resolver resolver;
    private final ConcurrentMap<String, AuthChallenge> challenges = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Token> tokens = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    private record Token(String value, long expiresAtNanos) {
        boolean valid() {
            return System.nanoTime() - expiresAtNanos < 0;
        }

        @Override
        public String toString() {
            return "Token[****]";
        }
    }

    /**
     * @param allowsPlainHttp where plain HTTP may be used (a token realm on plain HTTP must be such a host)
     * @param tokenExchange   sends token requests (anonymously: they carry their own Authorization)
     */
    Authenticator(CredentialProvider credentials, Predicate<RegistryAddress> allowsPlainHttp, Exchange tokenExchange,
                  RegistryErrors errors, long tokenLimit) {
        this(credentials, allowsPlainHttp, tokenExchange, errors, tokenLimit, InetAddress::getAllByName);
    }

    /** @param resolver resolves a realm's host name once, for the check of its addresses */
    Authenticator(CredentialProvider credentials, Predicate<RegistryAddress> allowsPlainHttp, Exchange tokenExchange,
                  RegistryErrors errors, long tokenLimit, TokenRealm.Resolver resolver) {
        this.resolver = resolver;
        this.credentials = credentials;
        this.allowsPlainHttp = allowsPlainHttp;
        this.tokenExchange = tokenExchange;
        this.errors = errors;
        this.tokenLimit = tokenLimit;
    }

    @Override
    public boolean hasCredentials(String host) {
        return credentials.forHost(host).isPresent();
    }

    @Override
    public String authorization(RegistryAddress reg, List<String> scopes) {
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

    @Override
    public boolean onUnauthorized(RegistryAddress reg, List<String> scopes, HttpHeaders headers, String sent) {
        List<AuthChallenge> all = AuthChallenge.parseAll(headers.allValues("WWW-Authenticate"));
        AuthChallenge ch = all.stream().filter(AuthChallenge::isBearer).findFirst()
                .or(() -> all.stream().filter(AuthChallenge::isBasic).findFirst()).orElse(null);
        if (ch == null) {
            return false;
        }
        challenges.put(reg.host(), ch);
        if (ch.isBearer()) {
            if (sent != null && sent.startsWith("Bearer ")) {
                tokens.remove(key(reg, sorted(scopes)));
            }
            return true;
        }
        Optional<Credentials> c = credentials.forHost(reg.host());
        return sent == null && c.isPresent() && !c.get().isIdentityToken();
    }

    /** Our scopes, sorted: the cache key. (The challenge's scope names the same access for the same request.) */
    private static List<String> sorted(List<String> wanted) {
        return List.copyOf(new TreeSet<>(wanted));
    }

    private static String key(RegistryAddress reg, List<String> scopes) {
        return reg.host() + " " + String.join(" ", scopes);
    }

    private String token(RegistryAddress reg, AuthChallenge ch, List<String> wanted) {
        List<String> scopes = sorted(wanted);
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
        // Plain HTTP only where plain HTTP is allowed anyway (credentials or not); no internal addresses.
        URI realm = TokenRealm.check(reg, ch.param("realm"), allowsPlainHttp, resolver);
        Optional<Credentials> creds = credentials.forHost(host);
        String service = ch.param("service");
        String repo = scopes.stream().filter(s -> s.startsWith("repository:")).findFirst()
                .map(s -> s.substring("repository:".length(), s.lastIndexOf(':'))).orElse(null);

        RegistryRequest call;
        if (creds.isPresent() && creds.get().isIdentityToken()) {
            StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=cip-maven-plugin");
            if (service != null) {
                form.append("&service=").append(RegistryRequest.enc(service));
            }
            form.append("&scope=").append(RegistryRequest.enc(String.join(" ", scopes)));
            form.append("&refresh_token=").append(RegistryRequest.enc(creds.get().identityToken()));
            String body = form.toString();
            call = RegistryRequest.toUri("POST", reg, repo, realm)
                    .withHeader("Content-Type", "application/x-www-form-urlencoded")
                    .withBody(() -> HttpRequest.BodyPublishers.ofString(body));
        } else {
            List<String> params = new ArrayList<>();
            if (service != null) {
                params.add("service=" + RegistryRequest.enc(service));
            }
            for (String s : scopes) {
                params.add("scope=" + RegistryRequest.enc(s));
            }
            String q = String.join("&", params);
            String base = realm.toString();
            URI uri = URI.create(q.isEmpty() ? base : base + (realm.getRawQuery() == null ? "?" : "&") + q);
            call = RegistryRequest.toUri("GET", reg, repo, uri);
            if (creds.isPresent()) {
                call = call.withHeader("Authorization", creds.get().basicHeader());
            }
        }
        boolean withCreds = creds.isPresent();
        String serviceName = realm.getRawAuthority();
        return tokenExchange.send(call.asAnonymous(), resp -> {
            int status = resp.status();
            if (status == 401 || status == 403) {
                resp.discard();
                throw errors.tokenRefused(resp.request(), serviceName, status, withCreds);
            }
            resp.expect(200);
            byte[] bytes = resp.bytes(tokenLimit, "a token from its token service " + serviceName);
            JsonNode n;
            try {
                n = Json.mapper().readTree(bytes);
            } catch (IOException e) {
                n = null;
            }
            String token = n == null ? "" : n.path("token").asText("");
            if (token.isEmpty() && n != null) {
                token = n.path("access_token").asText("");
            }
            if (token.isEmpty()) {
                throw new RegistryException(RegistryException.Kind.AUTH, host, repo, status,
                        "the token service " + serviceName + " of registry " + host + " answered without a token");
            }
            long expiresIn = n.path("expires_in").asLong(60);
            if (expiresIn <= 0) {
                expiresIn = 60;
            }
            long lifetime = Math.max(1_000_000_000L, Math.min(expiresIn, 86_400L) * 1_000_000_000L
                    - EXPIRY_MARGIN_NANOS);
            return new Token(token, System.nanoTime() + lifetime);
        });
    }
}
