package dev.cip.registry.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * An "upstream" registry as Docker Hub is one: Debian's {@code docker-registry} (distribution 2.8) with
 * {@code auth: token} and a {@link TokenServer} that signs RS256 JWTs with the key whose certificate is the
 * registry's {@code rootcertbundle}. Anyone gets a pull token anonymously; pushing needs {@link #USER}/
 * {@link #PASSWORD} on the token request (the pushes of {@link #push} do that). Plain HTTP on loopback, so BuildKit
 * (127.0.0.0/8 is an insecure registry by default) and cip pull from it as from any upstream. Starts in about a
 * second; {@link #close()} stops the registry by PID and the token server.
 *
 * <p>Only the JDK and this package are used, so integration tests run it from {@code target/test-classes} alone:
 * <pre>
 *   java -cp target/test-classes dev.cip.registry.testing.UpstreamRegistry serve &lt;dir&gt;
 *       → writes &lt;dir&gt;/upstream.properties (address=127.0.0.1:P, user, password) once ready, runs until
 *         killed (SIGTERM stops the registry too)
 *   java -cp target/test-classes dev.cip.registry.testing.UpstreamRegistry push &lt;address&gt; &lt;name&gt; &lt;tag&gt; &lt;seed&gt;
 *       → pushes a two-platform image (linux/amd64, linux/arm64) under the tag (moving it) and prints
 *         digest=&lt;index digest&gt; and linux/amd64=…, linux/arm64=… (the platform manifests)
 * </pre>
 * {@code src/it/shared/ItUpstream.groovy} wraps both for {@code setup.groovy}.
 */
public final class UpstreamRegistry implements AutoCloseable {
    public static final String USER = "upstream-pusher";
    public static final String PASSWORD = "upstream-secret";
    public static final List<String> PLATFORMS = List.of("linux/amd64", "linux/arm64");

    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    private static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final TokenServer tokens;
    private final TestRegistry registry;

    private UpstreamRegistry(TokenServer tokens, TestRegistry registry) {
        this.tokens = tokens;
        this.registry = registry;
    }

    /** Starts the token server and the registry; {@code dir} holds the token key and certificate. */
    public static UpstreamRegistry start(Path dir) {
        TokenServer tokens = TokenServer.start(dir.resolve("token"), "upstream-registry", "upstream-token-issuer");
        tokens.pushOnlyWith(USER, PASSWORD);
        try {
            TestRegistry registry = TestRegistry.builder()
                    .token(tokens.realm(), tokens.service(), tokens.issuer(), tokens.rootCertBundle()).start();
            return new UpstreamRegistry(tokens, registry);
        } catch (RuntimeException | AssertionError e) {
            tokens.close();
            throw e;
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public String address() {
        return registry.address();
    }

    public TokenServer tokens() {
        return tokens;
    }

    /** The PID of the {@code docker-registry} process. */
    public long registryPid() {
        return registry.pid();
    }

    /** What {@link #push} pushed. */
    public record Pushed(String digest, Map<String, String> platformManifests) {
    }

    /** Pushes a two-platform image whose bytes depend on {@code seed} under {@code name:tag}, moving the tag. */
    public Pushed push(String name, String tag, String seed) {
        return push(address(), name, tag, seed);
    }

    /** As {@link #push(String, String, String)}, to the upstream registry at {@code address}. */
    public static Pushed push(String address, String name, String tag, String seed) {
        try {
            return new Pusher(address, name).image(tag, seed);
        } catch (IOException e) {
            throw new AssertionError("cannot push " + name + ":" + tag + " to " + address + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        registry.close();
        tokens.close();
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("serve")) {
            Path dir = Path.of(args[1]);
            Files.createDirectories(dir);
            UpstreamRegistry upstream = start(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(upstream::close));
            Path props = dir.resolve("upstream.properties");
            Path tmp = dir.resolve("upstream.properties.tmp");
            Files.writeString(tmp, "address=" + upstream.address() + "\nuser=" + USER + "\npassword=" + PASSWORD
                    + "\nregistryPid=" + upstream.registryPid() + "\n");
            Files.move(tmp, props, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(Long.MAX_VALUE);
        } else if (args.length == 5 && args[0].equals("push")) {
            Pushed p = push(args[1], args[2], args[3], args[4]);
            StringBuilder out = new StringBuilder("digest=" + p.digest() + "\n");
            p.platformManifests().forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
            System.out.print(out);
        } else {
            System.err.println("usage: UpstreamRegistry serve <dir> | push <address> <name> <tag> <seed>");
            System.exit(2);
        }
    }

    /** Pushes through the OCI distribution API with a push token got with the pusher's credentials. */
    private static final class Pusher {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;
        private final String name;
        private final String authorization;

        Pusher(String address, String name) throws IOException, InterruptedException {
            this.base = "http://" + address + "/v2/";
            this.name = name;
            this.authorization = "Bearer " + token();
        }

        private String token() throws IOException, InterruptedException {
            HttpResponse<Void> ping = http.send(HttpRequest.newBuilder(URI.create(base)).build(),
                    HttpResponse.BodyHandlers.discarding());
            String challenge = ping.headers().firstValue("WWW-Authenticate").orElseThrow(
                    () -> new IOException("no token challenge from " + base));
            Map<String, String> params = new LinkedHashMap<>();
            Matcher m = PARAM.matcher(challenge);
            while (m.find()) {
                params.put(m.group(1), m.group(2));
            }
            String uri = params.get("realm") + "?service=" + enc(params.get("service")) + "&scope="
                    + enc("repository:" + name + ":pull,push");
            String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri))
                    .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
            Matcher t = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(r.body());
            if (r.statusCode() != 200 || !t.find()) {
                throw new IOException("no push token: " + r.statusCode() + " " + r.body());
            }
            return t.group(1);
        }

        Pushed image(String tag, String seed) throws IOException, InterruptedException {
            Map<String, String> manifests = new LinkedHashMap<>();
            List<String> entries = new ArrayList<>();
            for (String platform : PLATFORMS) {
                String arch = platform.substring(platform.indexOf('/') + 1);
                byte[] tar = tar("upstream-" + arch + ".txt", ("seed " + seed + " on " + platform + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                byte[] layer = gzip(tar);
                String layerDigest = blob(layer);
                byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"config\":{\"Labels\":"
                        + "{\"upstream.seed\":" + TokenServer.json(seed) + "}},\"rootfs\":{\"type\":\"layers\","
                        + "\"diff_ids\":[\"" + sha256(tar) + "\"]}}").getBytes(StandardCharsets.UTF_8);
                String configDigest = blob(config);
                byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{"
                        + "\"mediaType\":\"" + OCI_CONFIG + "\",\"digest\":\"" + configDigest + "\",\"size\":"
                        + config.length + "},\"layers\":[{\"mediaType\":\"" + OCI_LAYER + "\",\"digest\":\""
                        + layerDigest + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
                String md = manifest(sha256(manifest), OCI_MANIFEST, manifest);
                manifests.put(platform, md);
                entries.add("{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + md + "\",\"size\":"
                        + manifest.length + ",\"platform\":{\"architecture\":\"" + arch + "\",\"os\":\"linux\"}}");
            }
            byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":["
                    + String.join(",", entries) + "]}").getBytes(StandardCharsets.UTF_8);
            return new Pushed(manifest(tag, OCI_INDEX, index), Map.copyOf(manifests));
        }

        private String blob(byte[] data) throws IOException, InterruptedException {
            String digest = sha256(data);
            HttpResponse<String> start = send(HttpRequest.newBuilder(URI.create(base + name + "/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()), 202);
            String location = start.headers().firstValue("Location").orElseThrow();
            URI upload = URI.create(base).resolve(location);
            String sep = upload.getRawQuery() == null ? "?" : "&";
            send(HttpRequest.newBuilder(URI.create(upload + sep + "digest=" + enc(digest)))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(data)), 201);
            return digest;
        }

        private String manifest(String reference, String mediaType, byte[] body)
                throws IOException, InterruptedException {
            send(HttpRequest.newBuilder(URI.create(base + name + "/manifests/" + reference))
                    .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(body)), 201);
            return sha256(body);
        }

        /** Sends with the token; the registry's rare 500s under load are tried again. */
        private HttpResponse<String> send(HttpRequest.Builder request, int expected)
                throws IOException, InterruptedException {
            HttpRequest r = request.header("Authorization", authorization).build();
            for (int attempt = 1; ; attempt++) {
                HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() == expected) {
                    return resp;
                }
                if (resp.statusCode() < 500 || attempt == 5) {
                    throw new IOException(r.method() + " " + r.uri().getPath() + ": " + resp.statusCode() + " "
                            + resp.body());
                }
                Thread.sleep(100L * attempt);
            }
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String sha256(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** A ustar archive with one regular file (mode 0644, time 0), as a layer. */
    private static byte[] tar(String file, byte[] content) {
        byte[] header = new byte[512];
        put(header, 0, file);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", content.length));
        put(header, 136, "00000000000");
        header[156] = '0';
        put(header, 257, "ustar");
        put(header, 263, "00");
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        int padded = (content.length + 511) / 512 * 512;
        byte[] tar = new byte[512 + padded + 1024];
        System.arraycopy(header, 0, tar, 0, 512);
        System.arraycopy(content, 0, tar, 512, content.length);
        return tar;
    }

    private static void put(byte[] b, int at, String s) {
        byte[] v = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, b, at, v.length);
    }
}
