package dev.cip.registry.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A docker token server for tests: answers {@code GET /token?service=…&scope=…} with an RS256 JWT whose {@code x5c}
 * header carries the signing certificate, which is also the registry's {@code rootcertbundle}. Grants every
 * requested action; with {@link #requireCredentials} only to that user (Basic auth), anonymous requests get 401; with
 * {@link #pushOnlyWith} as Docker Hub: anyone gets {@code pull}, only that user gets more. Only the JDK (no Jackson),
 * so that {@link UpstreamRegistry#main} runs on {@code target/test-classes} alone.
 */
public final class TokenServer implements AutoCloseable {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final HttpServer server;
    private final Path bundle;
    private final PrivateKey key;
    private final String certDer;
    private final String service;
    private final String issuer;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> scopes = new CopyOnWriteArrayList<>();
    private volatile String basic;
    private volatile String pusher;
    private volatile boolean accessTokenField;
    private volatile String refreshToken;
    private final List<String> methods = new CopyOnWriteArrayList<>();

    private TokenServer(Path dir, String service, String issuer) throws Exception {
        this.service = service;
        this.issuer = issuer;
        Files.createDirectories(dir);
        Commands.run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "token.key",
                "-out", "token.pem", "-days", "2", "-subj", "/CN=cip test token issuer");
        this.bundle = dir.resolve("token.pem");
        String pem = Files.readString(dir.resolve("token.key"));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        this.key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        X509Certificate cert;
        try (var in = Files.newInputStream(bundle)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        this.certDer = Base64.getEncoder().encodeToString(cert.getEncoded());
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::handle);
        server.start();
    }

    public static TokenServer start(Path dir, String service, String issuer) {
        try {
            return new TokenServer(dir, service, issuer);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("cannot start the test token server: " + e, e);
        }
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public String service() {
        return service;
    }

    public String issuer() {
        return issuer;
    }

    public Path rootCertBundle() {
        return bundle;
    }

    /** Only this user gets tokens (Basic auth on the token request). */
    public void requireCredentials(String user, String password) {
        this.basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** As Docker Hub: anonymous (or other) requests get tokens for {@code pull} only; this user gets every action. */
    public void pushOnlyWith(String user, String password) {
        this.pusher = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Grant tokens only for this OAuth2 refresh token ({@code POST grant_type=refresh_token}, as for an identity
     * token from {@code docker login}); every other request gets 401.
     */
    public void requireRefreshToken(String token) {
        this.refreshToken = token;
    }

    /** The HTTP methods of the requests so far. */
    public List<String> methods() {
        return List.copyOf(methods);
    }

    /** Answer with {@code access_token} instead of {@code token}. */
    public void useAccessTokenField(boolean on) {
        this.accessTokenField = on;
    }

    public int requests() {
        return requests.get();
    }

    public List<String> scopesRequested() {
        return List.copyOf(scopes);
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        methods.add(ex.getRequestMethod());
        try (ex) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (basic != null && !basic.equals(auth)) {
                send(ex, 401, "{\"details\":\"bad credentials\"}");
                return;
            }
            List<String> requested = new ArrayList<>();
            String query = ex.getRequestURI().getRawQuery();
            if (ex.getRequestMethod().equals("POST")) {
                String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                java.util.Map<String, String> f = new java.util.HashMap<>();
                for (String kv : form.split("&")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        f.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
                if (!"refresh_token".equals(f.get("grant_type")) || refreshToken == null
                        || !refreshToken.equals(f.get("refresh_token"))) {
                    send(ex, 401, "{\"details\":\"bad refresh token\"}");
                    return;
                }
                query = null;
                if (f.containsKey("scope")) {
                    requested.addAll(List.of(f.get("scope").split(" ")));
                }
            } else if (refreshToken != null) {
                send(ex, 401, "{\"details\":\"a refresh token is required\"}");
                return;
            }
            if (query != null) {
                for (String kv : query.split("&")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0 && kv.substring(0, eq).equals("scope")) {
                        requested.add(URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            scopes.addAll(requested);
            boolean pullOnly = pusher != null && !pusher.equals(auth);
            String jwt = sign(requested, pullOnly);
            send(ex, 200, "{\"" + (accessTokenField ? "access_token" : "token") + "\":\"" + jwt
                    + "\",\"expires_in\":300}");
        } catch (Exception e) {
            send(ex, 500, "{\"error\":" + json(String.valueOf(e)) + "}");
        }
    }

    private String sign(List<String> requested, boolean pullOnly) throws Exception {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x5c\":[" + json(certDer) + "]}";
        long now = System.currentTimeMillis() / 1000;
        List<String> access = new ArrayList<>();
        for (String s : requested) {
            for (String one : s.split(" ")) {
                String[] p = one.split(":");
                if (p.length == 3) {
                    List<String> actions = new ArrayList<>();
                    for (String act : p[2].split(",")) {
                        if (!pullOnly || act.equals("pull")) {
                            actions.add(json(act));
                        }
                    }
                    access.add("{\"type\":" + json(p[0]) + ",\"name\":" + json(p[1]) + ",\"actions\":["
                            + String.join(",", actions) + "]}");
                }
            }
        }
        String claims = "{\"iss\":" + json(issuer) + ",\"sub\":\"test\",\"aud\":" + json(service)
                + ",\"exp\":" + (now + 300) + ",\"nbf\":" + (now - 30) + ",\"iat\":" + now
                + ",\"jti\":" + json(UUID.randomUUID().toString()) + ",\"access\":[" + String.join(",", access) + "]}";
        String input = B64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature sig = Signature.getInstance("SHA256withRSA");
        sig.initSign(key);
        sig.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64URL.encodeToString(sig.sign());
    }

    /** A JSON string literal. */
    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
