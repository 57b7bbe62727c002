package dev.cip.registry;

import dev.cip.oci.Platform;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.RandomAccessFile;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * A client of the OCI distribution API over {@link HttpClient}: manifest and blob reads, pushes, auth, retries.
 *
 * <p>Registries are given as strings ({@code localhost:5000}, {@code registry.example.com/team/images}); see
 * {@link RegistryAddress}. Image names may hold slashes. References are tags or digests.
 *
 * <p>Transport: HTTPS, except for loopback hosts and {@link Options#insecureRegistries()}, where HTTPS is tried
 * first (a {@code GET /v2/} probe with a short timeout) and plain HTTP is used when the server does not speak TLS;
 * the choice is remembered per host, as the Docker engine does. Connection errors, 5xx and 429 are retried with exponential backoff; 429 waits
 * {@code Retry-After}. At most {@link Options#maxConcurrentPerRegistry()} requests run at once per registry host.
 *
 * <p>Auth: a 401 challenge is answered with a bearer token (anonymous or with the host's credentials) or with
 * Basic credentials; tokens are cached per host and scope and refreshed once when a cached one is refused.
 *
 * <p>Thread-safe; one instance should be shared. {@link #close()} ends its threads.
 */
public final class RegistryClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern NAME = Pattern.compile(
            "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

    private final Options options;
    private final ExecutorService executor;
    /** Built on first use: its TLS setup (the JDK trust store) costs ~100 ms of a cold JVM. */
    private volatile HttpClient http;
    private final Authenticator auth;
    private final ConcurrentMap<String, Semaphore> permits = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> schemes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Object> probeLocks = new ConcurrentHashMap<>();

    public RegistryClient(Options options) {
        this.options = options;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cip-registry-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.auth = new Authenticator(this, options.credentials());
    }

    private HttpClient http() {
        HttpClient h = http;
        if (h == null) {
            synchronized (this) {
                if (http == null) {
                    HttpClient.Builder b = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(options.connectTimeout())
                            .executor(executor);
                    if (options.extraCaPem() != null) {
                        b.sslContext(TrustStores.withExtraCa(options.extraCaPem()));
                    }
                    http = b.build();
                }
                h = http;
            }
        }
        return h;
    }

    /**
     * Starts, in the background, what the first request to {@code registry} needs (the HTTP client, the scheme
     * probe, a connection), so that it overlaps with the caller's own work. Failures are left for the real requests
     * to report.
     */
    public void warmUp(String registry) {
        try {
            executor.execute(() -> {
                try {
                    ping(registry);
                } catch (RuntimeException ignored) {
                    // the requests that matter will say what is wrong
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closed meanwhile: nothing to warm
        }
    }

    /** A client with default options (anonymous). */
    public static RegistryClient create() {
        return new RegistryClient(Options.builder().build());
    }

    public Options options() {
        return options;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        stopSelectorThread();
    }

    /**
     * JDK 17's {@code HttpClient} cannot be closed, and its selector thread, idle in native code, holds up the JVM's
     * exit by 300 ms (the VM waits that long for threads in native). Interrupting that thread ends it; its name is
     * derived from the client's id, which {@code toString()} ends with for exactly this purpose.
     */
    private void stopSelectorThread() {
        HttpClient h = http;
        if (h == null) {
            return;
        }
        java.util.regex.Matcher id = Pattern.compile("\\((\\d+)\\)$").matcher(h.toString());
        if (!id.find()) {
            return;
        }
        String name = "HttpClient-" + id.group(1) + "-SelectorManager";
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name))
                .forEach(Thread::interrupt);
    }

    // ------------------------------------------------------------------------------------------------ reads

    /**
     * {@code HEAD /v2/<repo>/manifests/<reference>} with all four manifest media types accepted.
     *
     * @return empty when the registry answers 404
     */
    public Optional<ManifestHead> head(String registry, String name, String reference) {
        RegistryAddress reg = RegistryAddress.parse(registry);
        String repo = repository(reg, name);
        checkReference(reference);
        Call c = new Call("HEAD", reg, repo, "/v2/" + repo + "/manifests/" + reference)
                .header("Accept", MediaTypes.ACCEPT_MANIFESTS).scopes(pull(repo));
        return execute(c, resp -> {
            if (resp.statusCode() == 404) {
                return Optional.empty();
            }
            expect(c, resp, 200);
            String digest = resp.headers().firstValue("Docker-Content-Digest").orElse(null);
            if (digest == null) {
                throw new RegistryException(RegistryException.Kind.INVALID, reg.host(), repo, 200,
                        "registry " + reg.host() + " sent no Docker-Content-Digest for " + repo + ":" + reference);
            }
            return Optional.of(new ManifestHead(digest, contentType(resp.headers()),
                    resp.headers().firstValueAsLong("Content-Length").orElse(-1)));
        });
    }

    /**
     * {@code GET} and parse a manifest. Its digest is computed from the bytes and checked against the registry's
     * {@code Docker-Content-Digest} (and against the reference when that is a digest).
     *
     * @return empty when the registry answers 404
     */
    public Optional<Manifest> manifest(String registry, String name, String reference) {
        RegistryAddress reg = RegistryAddress.parse(registry);
        String repo = repository(reg, name);
        checkReference(reference);
        Call c = new Call("GET", reg, repo, "/v2/" + repo + "/manifests/" + reference)
                .header("Accept", MediaTypes.ACCEPT_MANIFESTS).scopes(pull(repo));
        return execute(c, resp -> {
            if (resp.statusCode() == 404) {
                return Optional.empty();
            }
            expect(c, resp, 200);
            byte[] bytes = readBody(c, resp);
            String computed = Digests.sha256(bytes);
            String header = resp.headers().firstValue("Docker-Content-Digest").orElse(null);
            String expected = Digests.isDigest(reference) ? reference : header;
            if (expected != null && expected.startsWith("sha256:") && !expected.equals(computed)) {
                throw new RegistryException(RegistryException.Kind.INVALID, reg.host(), repo, 200,
                        "manifest " + repo + "@" + expected + " from registry " + reg.host()
                                + " has digest " + computed + " (content changed or corrupted)");
            }
            if (header != null && !header.equals(computed) && header.startsWith("sha256:")) {
                throw new RegistryException(RegistryException.Kind.INVALID, reg.host(), repo, 200,
                        "registry " + reg.host() + " says manifest " + repo + ":" + reference + " is " + header
                                + " but its bytes hash to " + computed);
            }
            try {
                return Optional.of(Manifest.parse(bytes, contentType(resp.headers()), computed));
            } catch (IllegalArgumentException e) {
                throw new RegistryException(RegistryException.Kind.INVALID, reg.host(), repo, 200,
                        "registry " + reg.host() + " sent an invalid manifest for " + repo + ":" + reference + ": "
                                + e.getMessage());
            }
        });
    }

    /** The size of a blob, or empty when the repository does not have it ({@code HEAD /v2/<repo>/blobs/<digest>}). */
    public Optional<Long> blobSize(String registry, String name, String digest) {
        RegistryAddress reg = RegistryAddress.parse(registry);
        String repo = repository(reg, name);
        checkDigest(digest);
        Call c = new Call("HEAD", reg, repo, "/v2/" + repo + "/blobs/" + digest).scopes(pull(repo)).redirects();
        return execute(c, resp -> {
            if (resp.statusCode() == 404) {
                return Optional.empty();
            }
            expect(c, resp, 200);
            return Optional.of(resp.headers().firstValueAsLong("Content-Length").orElse(-1));
        });
    }

    /** A whole blob in memory, digest verified. For large blobs use {@link #blobTo}. */
    public byte[] blob(String registry, String name, String digest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        blobTo(registry, name, digest, out);
        return out.toByteArray();
    }

    /**
     * Streams a blob to {@code out} and verifies its digest. On a mismatch the bytes have been written and a
     * {@link RegistryException} (kind INVALID) is thrown: the caller must discard what it got.
     *
     * @return the number of bytes written
     */
    public long blobTo(String registry, String name, String digest, OutputStream out) {
        RegistryAddress reg = RegistryAddress.parse(registry);
        String repo = repository(reg, name);
        checkDigest(digest);
        Call c = new Call("GET", reg, repo, "/v2/" + repo + "/blobs/" + digest).scopes(pull(repo)).redirects();
        return execute(c, resp -> {
            if (resp.statusCode() == 404) {
                drain(resp);
                throw new RegistryException(RegistryException.Kind.HTTP, reg.host(), repo, 404,
                        "blob " + digest + " not found in " + repo + " on registry " + reg.host());
            }
            expect(c, resp, 200);
            MessageDigest md = Digests.digesterFor(digest);
            long total = 0;
            try (InputStream in = resp.body()) {
                byte[] buf = new byte[64 * 1024];
                int r;
                while ((r = in.read(buf)) >= 0) {
                    if (md != null) {
                        md.update(buf, 0, r);
                    }
                    out.write(buf, 0, r);
                    total += r;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (md != null) {
                String got = Digests.format(digest, md);
                if (!got.equals(digest)) {
                    throw new RegistryException(RegistryException.Kind.INVALID, reg.host(), repo, 200,
                            "blob " + digest + " from " + repo + " on registry " + reg.host() + " hashes to " + got);
                }
            }
            return total;
        });
    }

    /**
     * What the planner needs of {@code name:tag}: digest, platforms (attestations ignored; for a single manifest,
     * read from its config) and the config labels of one platform image.
     *
     * @return empty when the tag does not exist
     */
    public Optional<ImageSummary> inspect(String registry, String name, String tag) {
        Optional<Manifest> top = manifest(registry, name, tag);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        Manifest m = top.get();
        List<String> platforms = new ArrayList<>();
        Map<String, String> labels = Map.of();
        if (m.isIndex()) {
            Descriptor first = null;
            for (Descriptor d : m.platformEntries()) {
                if (d.platform() != null) {
                    platforms.add(d.platform().toString());
                }
                if (first == null && MediaTypes.isImageManifest(d.mediaType())) {
                    first = d;
                }
            }
            if (first != null) {
                Optional<Manifest> child = manifest(registry, name, first.digest());
                if (child.isPresent() && child.get().config() != null) {
                    labels = imageConfig(registry, name, child.get().config()).labels;
                }
            }
        } else if (m.config() != null) {
            ConfigInfo info = imageConfig(registry, name, m.config());
            if (info.platform != null) {
                platforms.add(info.platform.toString());
            }
            labels = info.labels;
        }
        return Optional.of(new ImageSummary(m.digest(), m.mediaType(), Set.copyOf(platforms), labels,
                m.annotations()));
    }

    /**
     * {@code GET /v2/}: checks that the registry answers and that we may use it.
     *
     * @throws RegistryException when it is unreachable or refuses our credentials
     */
    public void ping(String registry) {
        RegistryAddress reg = RegistryAddress.parse(registry);
        Call c = new Call("GET", reg, null, "/v2/");
        execute(c, resp -> {
            expect(c, resp, 200);
            drain(resp);
            return null;
        });
    }

    private record ConfigInfo(Platform platform, Map<String, String> labels) {
    }

    private ConfigInfo imageConfig(String registry, String name, Descriptor config) {
        if (config.mediaType() != null && !config.mediaType().equals(MediaTypes.OCI_CONFIG)
                && !config.mediaType().equals(MediaTypes.DOCKER_CONFIG)) {
            return new ConfigInfo(null, Map.of());
        }
        byte[] bytes = blob(registry, name, config.digest());
        try {
            JsonNode n = JSON.readTree(bytes);
            Platform p = n.hasNonNull("architecture") && n.hasNonNull("os")
                    ? new Platform(n.get("os").asText(), n.get("architecture").asText(),
                    n.path("variant").asText(""))
                    : null;
            return new ConfigInfo(p, Manifest.stringMap(n.path("config").get("Labels")));
        } catch (IOException e) {
            RegistryAddress reg = RegistryAddress.parse(registry);
            throw new RegistryException(RegistryException.Kind.INVALID, reg.host(), reg.repository(name), 200,
                    "image config " + config.digest() + " of " + reg.repository(name) + " on " + reg.host()
                            + " is not JSON");
        }
    }

    // ------------------------------------------------------------------------------------------------ writes

    /** Pushes a blob (if the repository does not already have it) and returns its digest. */
    public String pushBlob(String registry, String name, byte[] data) {
        String digest = Digests.sha256(data);
        if (blobSize(registry, name, digest).isEmpty()) {
            pushBlob(registry, name, digest, data);
        }
        return digest;
    }

    /** Uploads a blob with a known digest (no existence check); chunked when larger than the chunk size. */
    public void pushBlob(String registry, String name, String digest, byte[] data) {
        pushBlob(registry, name, digest, data.length, (off, len) -> java.util.Arrays.copyOfRange(data,
                (int) off, (int) (off + len)), null);
    }

    /** Uploads a blob from a file (no existence check); chunked when larger than the chunk size. */
    public void pushBlob(String registry, String name, String digest, Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pushBlob(registry, name, digest, size, (off, len) -> {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                byte[] buf = new byte[(int) len];
                raf.seek(off);
                raf.readFully(buf);
                return buf;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, file);
    }

    @FunctionalInterface
    interface ChunkReader {
        byte[] read(long offset, long length);
    }

    private void pushBlob(String registry, String name, String digest, long size, ChunkReader reader, Path file) {
        RegistryAddress reg = RegistryAddress.parse(registry);
        String repo = repository(reg, name);
        checkDigest(digest);
        for (int attempt = 0; ; attempt++) {
            try {
                URI location = startUpload(reg, repo, "/v2/" + repo + "/blobs/uploads/", null);
                finishUpload(reg, repo, location, digest, size, reader, file);
                return;
            } catch (RegistryException e) {
                if (!e.isTransient() || attempt >= options.maxRetries()) {
                    throw e;
                }
                sleep(backoff(attempt));
            }
        }
    }

    /**
     * Tries a cross-repository mount of {@code digest} from {@code fromName} into {@code name}. Only within one
     * registry host.
     *
     * @return true when the registry mounted it (201); false when it did not (the upload it may have started
     *         instead is cancelled)
     */
    public boolean mountBlob(String registry, String name, String digest, String fromRegistry, String fromName) {
        RegistryAddress reg = RegistryAddress.parse(registry);
        RegistryAddress from = RegistryAddress.parse(fromRegistry);
        if (!reg.host().equals(from.host())) {
            return false;
        }
        String repo = repository(reg, name);
        String fromRepo = repository(from, fromName);
        checkDigest(digest);
        String path = "/v2/" + repo + "/blobs/uploads/?mount=" + enc(digest) + "&from=" + enc(fromRepo);
        Call c = new Call("POST", reg, repo, path).scopes(push(repo), pull(fromRepo))
                .body(HttpRequest.BodyPublishers::noBody);
        Optional<URI> session = execute(c, resp -> {
            if (resp.statusCode() == 201) {
                drain(resp);
                return Optional.<URI>empty();
            }
            expect(c, resp, 202);
            drain(resp);
            return Optional.of(location(c, resp));
        });
        if (session.isEmpty()) {
            return true;
        }
        cancelUpload(reg, repo, session.get());
        return false;
    }

    /**
     * {@code PUT /v2/<repo>/manifests/<reference>}.
     *
     * @return the digest of {@code body} (checked against the registry's answer)
     */
    public String putManifest(String registry, String name, String reference, String mediaType, byte[] body) {
        RegistryAddress reg = RegistryAddress.parse(registry);
        String repo = repository(reg, name);
        checkReference(reference);
        String digest = Digests.sha256(body);
        if (Digests.isDigest(reference) && !reference.equals(digest)) {
            throw new IllegalArgumentException("manifest bytes hash to " + digest + ", not " + reference);
        }
        Call c = new Call("PUT", reg, repo, "/v2/" + repo + "/manifests/" + reference)
                .header("Content-Type", mediaType).scopes(push(repo))
                .body(() -> HttpRequest.BodyPublishers.ofByteArray(body));
        return execute(c, resp -> {
            expect(c, resp, 201);
            drain(resp);
            String got = resp.headers().firstValue("Docker-Content-Digest").orElse(digest);
            if (!got.equals(digest)) {
                throw new RegistryException(RegistryException.Kind.INVALID, reg.host(), repo, 201,
                        "registry " + reg.host() + " stored manifest " + repo + ":" + reference + " as " + got
                                + " but we sent " + digest);
            }
            return digest;
        });
    }

    private URI startUpload(RegistryAddress reg, String repo, String path, String unused) {
        Call c = new Call("POST", reg, repo, path).scopes(push(repo)).body(HttpRequest.BodyPublishers::noBody);
        return execute(c, resp -> {
            expect(c, resp, 202);
            drain(resp);
            return location(c, resp);
        });
    }

    private void finishUpload(RegistryAddress reg, String repo, URI location, String digest, long size,
                              ChunkReader reader, Path file) {
        try {
            URI loc = location;
            if (size > options.chunkSize()) {
                long off = 0;
                while (off < size) {
                    long len = Math.min(options.chunkSize(), size - off);
                    byte[] chunk = reader.read(off, len);
                    long start = off;
                    Call patch = sessionCall("PATCH", reg, repo, loc)
                            .header("Content-Type", "application/octet-stream")
                            .header("Content-Range", start + "-" + (start + len - 1))
                            .body(() -> HttpRequest.BodyPublishers.ofByteArray(chunk)).noRetry();
                    loc = execute(patch, resp -> {
                        expect(patch, resp, 202);
                        drain(resp);
                        return location(patch, resp);
                    });
                    off += len;
                }
                Call put = sessionCall("PUT", sessionWithDigest(loc, digest), reg, repo)
                        .header("Content-Type", "application/octet-stream")
                        .body(HttpRequest.BodyPublishers::noBody).noRetry();
                execute(put, resp -> {
                    expect(put, resp, 201);
                    drain(resp);
                    return null;
                });
            } else {
                Supplier<HttpRequest.BodyPublisher> body = file != null
                        ? () -> {
                            try {
                                return HttpRequest.BodyPublishers.ofFile(file);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                        : () -> HttpRequest.BodyPublishers.ofByteArray(reader.read(0, size));
                Call put = sessionCall("PUT", sessionWithDigest(loc, digest), reg, repo)
                        .header("Content-Type", "application/octet-stream").body(body).noRetry();
                execute(put, resp -> {
                    expect(put, resp, 201);
                    drain(resp);
                    return null;
                });
            }
        } catch (RuntimeException e) {
            cancelUpload(reg, repo, location);
            throw e;
        }
    }

    private void cancelUpload(RegistryAddress reg, String repo, URI location) {
        try {
            Call del = sessionCall("DELETE", reg, repo, location).noRetry();
            execute(del, resp -> {
                drain(resp);
                return null;
            });
        } catch (RuntimeException ignored) {
            // best effort: the registry purges stale uploads itself
        }
    }

    private Call sessionCall(String method, RegistryAddress reg, String repo, URI location) {
        return sessionCall(method, location, reg, repo);
    }

    private Call sessionCall(String method, URI location, RegistryAddress reg, String repo) {
        Call c = new Call(method, reg, repo, null).absolute(location).scopes(push(repo));
        if (!sameAuthority(location, reg)) {
            c.noAuth = true;
        }
        return c;
    }

    private static URI sessionWithDigest(URI loc, String digest) {
        String s = loc.toString();
        return URI.create(s + (loc.getRawQuery() == null ? "?" : "&") + "digest=" + enc(digest));
    }

    private URI location(Call c, HttpResponse<?> resp) {
        String loc = resp.headers().firstValue("Location").orElseThrow(() -> new RegistryException(
                RegistryException.Kind.INVALID, c.reg.host(), c.repo, resp.statusCode(),
                "registry " + c.reg.host() + " sent no Location for " + c.method + " " + c.display()));
        return resp.request().uri().resolve(loc);
    }

    private static boolean sameAuthority(URI uri, RegistryAddress reg) {
        String authority = uri.getRawAuthority();
        return authority != null && authority.equalsIgnoreCase(reg.host());
    }

    // ------------------------------------------------------------------------------------------------ core

    static final class Call {
        final String method;
        final RegistryAddress reg;
        final String repo;
        final String path;
        URI absolute;
        final Map<String, String> headers = new LinkedHashMap<>();
        Supplier<HttpRequest.BodyPublisher> body = HttpRequest.BodyPublishers::noBody;
        List<String> scopes = List.of();
        boolean retryable = true;
        boolean followRedirects;
        boolean noAuth;
        String authority;

        Call(String method, RegistryAddress reg, String repo, String path) {
            this.method = method;
            this.reg = reg;
            this.repo = repo;
            this.path = path;
        }

        Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Call scopes(String... s) {
            scopes = List.of(s);
            return this;
        }

        Call body(Supplier<HttpRequest.BodyPublisher> b) {
            body = b;
            return this;
        }

        Call noRetry() {
            retryable = false;
            return this;
        }

        Call redirects() {
            followRedirects = true;
            return this;
        }

        Call absolute(URI uri) {
            absolute = uri;
            return this;
        }

        String display() {
            if (absolute != null) {
                return absolute.getRawPath();
            }
            int q = path.indexOf('?');
            return q < 0 ? path : path.substring(0, q);
        }

        String what() {
            return repo == null ? "" : " for repository " + repo;
        }
    }

    @FunctionalInterface
    interface Reader<T> {
        T read(HttpResponse<InputStream> response);
    }

    /**
     * Sends a call with auth, scheme choice, retries and the per-host permit; hands the final response to the
     * reader (while the permit is held). 401/403 that cannot be satisfied, and 5xx/429 left after the retries,
     * become exceptions; any other status goes to the reader.
     */
    <T> T execute(Call call, Reader<T> reader) {
        int retries = 0;
        int redirects = 0;
        boolean authRetried = false;
        Call c = call;
        while (true) {
            String host = c.reg.host();
            URI uri;
            if (c.absolute != null) {
                uri = c.absolute;
            } else {
                uri = URI.create(schemeFor(c.reg) + "://" + host + c.path);
            }
            String authz = c.noAuth ? null : auth.authorization(c.reg, c.scopes);
            HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                    .timeout(options.requestTimeout())
                    .method(c.method, c.body.get())
                    .header("User-Agent", options.userAgent());
            c.headers.forEach(rb::header);
            if (authz != null) {
                rb.header("Authorization", authz);
            }
            HttpRequest request = rb.build();
            String permitKey = uri.getRawAuthority() == null ? host : uri.getRawAuthority().toLowerCase(Locale.ROOT);
            Semaphore permit = permits.computeIfAbsent(permitKey,
                    k -> new Semaphore(options.maxConcurrentPerRegistry(), true));
            long sleepMillis = 0;
            try {
                permit.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(c);
            }
            try {
                HttpResponse<InputStream> resp;
                try {
                    resp = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw interrupted(c);
                } catch (IOException e) {
                    if (isCertificateProblem(e)) {
                        throw tlsError(c, uri, e);
                    }
                    if (!c.retryable || retries >= options.maxRetries()) {
                        throw unreachable(c, uri, e);
                    }
                    sleepMillis = backoff(retries++);
                    resp = null;
                }
                if (resp != null) {
                    int status = resp.statusCode();
                    if (status == 401 && !c.noAuth) {
                        drain(resp);
                        if (!authRetried && auth.onUnauthorized(c.reg, c.scopes, resp.headers(), authz)) {
                            authRetried = true;
                            continue;
                        }
                        throw authError(c, 401, authz != null);
                    }
                    if (status == 403 && !c.noAuth) {
                        drain(resp);
                        throw authError(c, 403, authz != null);
                    }
                    if ((status == 429 || status == 500 || status == 502 || status == 503 || status == 504)
                            && c.retryable && retries < options.maxRetries()) {
                        long wait = status == 429 ? retryAfter(resp.headers()) : -1;
                        drain(resp);
                        sleepMillis = wait >= 0 ? wait : backoff(retries);
                        retries++;
                    } else if (c.followRedirects && isRedirect(status) && redirects < 5
                            && resp.headers().firstValue("Location").isPresent()) {
                        URI next = uri.resolve(resp.headers().firstValue("Location").get());
                        drain(resp);
                        Call r = new Call(c.method, c.reg, c.repo, null).absolute(next);
                        r.headers.putAll(c.headers);
                        r.scopes = c.scopes;
                        r.followRedirects = true;
                        r.noAuth = c.noAuth || !sameAuthority(next, c.reg);
                        c = r;
                        redirects++;
                        continue;
                    } else if (status >= 500 || status == 429) {
                        String detail = errorDetail(resp);
                        throw new RegistryException(RegistryException.Kind.HTTP, host, c.repo, status,
                                "registry " + host + " answered HTTP " + status + " to " + c.method + " "
                                        + c.display() + c.what() + detail
                                        + (c.retryable ? " (after " + retries + " retries)" : "")
                                        + "; check the registry's health and logs");
                    } else {
                        return reader.read(resp);
                    }
                }
            } finally {
                permit.release();
            }
            sleep(sleepMillis);
        }
    }

    /** Sends a request to the token endpoint (absolute URI, own Authorization header). */
    <T> T executeRaw(Call call, Reader<T> reader) {
        call.noAuth = true;
        return execute(call, reader);
    }

    private String schemeFor(RegistryAddress reg) {
        if (!allowsPlainHttp(reg)) {
            return "https";
        }
        String known = schemes.get(reg.host());
        if (known != null) {
            return known;
        }
        synchronized (probeLocks.computeIfAbsent(reg.host(), k -> new Object())) {
            known = schemes.get(reg.host());
            if (known != null) {
                return known;
            }
            String probed = probeScheme(reg);
            if (probed == null) {
                return "http";
            }
            schemes.put(reg.host(), probed);
            return probed;
        }
    }

    /**
     * Where plain HTTP is allowed, find out whether the server speaks TLS, as the Docker engine does by trying
     * HTTPS first. A plain {@code GET /v2/} is written to a raw socket: a plain HTTP answer means HTTP; a TLS alert,
     * a closed connection, silence, or the "plain HTTP request sent to an HTTPS port" 400 that Go and nginx send
     * mean HTTPS. A refused connection decides nothing (null). No TLS set-up is needed, so this is fast.
     */
    private String probeScheme(RegistryAddress reg) {
        String host = reg.hostname();
        int port = reg.port();
        if (port < 0) {
            port = 443;
        }
        int timeout = (int) Math.max(1, options.probeTimeout().toMillis());
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(host, port),
                    (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
            socket.setSoTimeout(timeout);
            socket.getOutputStream().write(("GET /v2/ HTTP/1.1\r\nHost: " + reg.host()
                    + "\r\nUser-Agent: " + options.userAgent() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] buf = new byte[1024];
            int n = 0;
            InputStream in = socket.getInputStream();
            try {
                while (n < buf.length) {
                    int r = in.read(buf, n, buf.length - n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                    String sofar = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    if (sofar.contains("\r\n\r\n") && !sofar.startsWith("HTTP/1.0 400")
                            && !sofar.startsWith("HTTP/1.1 400")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // silence: decide on what came so far
            }
            String answer = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            if (!answer.startsWith("HTTP/")) {
                return "https";
            }
            if (answer.matches("(?s)HTTP/1\\.[01] 400.*") && answer.toUpperCase(Locale.ROOT).contains("HTTPS")) {
                return "https";
            }
            return "http";
        } catch (IOException e) {
            return null;
        }
    }

    private boolean allowsPlainHttp(RegistryAddress a) {
        return a.isLoopback() || options.insecureRegistries().contains(a.host())
                || options.insecureRegistries().contains(a.hostname());
    }

    /** True when plain HTTP may be used with this host (loopback or configured insecure). */
    boolean allowsPlainHttp(String hostAndPort) {
        return allowsPlainHttp(RegistryAddress.parse(hostAndPort));
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean isCertificateProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof java.security.cert.CertPathValidatorException
                    || t.getClass().getName().endsWith("CertPathBuilderException")) {
                return true;
            }
            if (t instanceof SSLHandshakeException && t.getMessage() != null
                    && (t.getMessage().contains("PKIX") || t.getMessage().contains("certificate")
                    || t.getMessage().contains("subject alternative"))) {
                return true;
            }
        }
        return false;
    }

    private long backoff(int retry) {
        long base = options.retryBaseDelay().toMillis();
        long d = base * (1L << Math.min(retry, 20));
        d = Math.min(d, options.retryMaxDelay().toMillis());
        return d + (d > 0 ? ThreadLocalRandom.current().nextLong(d / 10 + 1) : 0);
    }

    private long retryAfter(HttpHeaders headers) {
        Optional<String> v = headers.firstValue("Retry-After");
        if (v.isEmpty()) {
            return -1;
        }
        long millis;
        String s = v.get().trim();
        try {
            millis = Long.parseLong(s) * 1000;
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME);
                millis = Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis();
            } catch (RuntimeException e2) {
                return -1;
            }
        }
        return Math.max(0, Math.min(millis, options.maxRetryAfter().toMillis()));
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.Kind.LOCAL, null, null, 0, "interrupted");
        }
    }

    // ------------------------------------------------------------------------------------------------ errors

    private RegistryException interrupted(Call c) {
        return new RegistryException(RegistryException.Kind.LOCAL, c.reg.host(), c.repo, 0,
                "interrupted while talking to registry " + c.reg.host());
    }

    private RegistryException unreachable(Call c, URI uri, IOException e) {
        String target = c.absolute != null && !sameAuthority(uri, c.reg) ? uri.getRawAuthority() : c.reg.host();
        String why;
        if (e instanceof HttpConnectTimeoutException) {
            why = "connection timed out after " + options.connectTimeout().toSeconds() + " s";
        } else if (e instanceof HttpTimeoutException) {
            why = "no answer within " + options.requestTimeout().toSeconds() + " s";
        } else if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            why = "connection refused";
        } else {
            why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        String what = target.equals(c.reg.host()) ? "registry " + target
                : "the auth/storage server " + target + " of registry " + c.reg.host();
        return new RegistryException(RegistryException.Kind.UNREACHABLE, c.reg.host(), c.repo, 0,
                what + " is not reachable (" + why + "); is it running?"
                        + (c.retryable && options.maxRetries() > 0 ? " (tried " + (options.maxRetries() + 1)
                        + " times)" : ""), e);
    }

    private RegistryException tlsError(Call c, URI uri, IOException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new RegistryException(RegistryException.Kind.TLS, c.reg.host(), c.repo, 0,
                "TLS handshake with " + uri.getRawAuthority() + " (registry " + c.reg.host() + ") failed: "
                        + root.getMessage() + "; if it uses a private CA, give its PEM file as the extra CA "
                        + "or add it to the JDK trust store", e);
    }

    private RegistryException authError(Call c, int status, boolean sentCredentials) {
        String host = c.reg.host();
        boolean haveCreds = auth.hasCredentials(host);
        String msg;
        if (status == 403) {
            msg = "registry " + host + " denied access" + c.what() + " (HTTP 403 on " + c.method + " "
                    + c.display() + ")"
                    + (haveCreds ? "; the credentials for " + host + " lack permission: check them, run "
                    + "'docker login " + host + "' or fix the Maven <server> whose id is " + host
                    : "; no credentials were found for " + host + ": run 'docker login " + host + "' or add a Maven "
                    + "<server> whose id is " + host + " to settings.xml");
        } else if (haveCreds) {
            msg = "registry " + host + " rejected the credentials" + c.what() + " (HTTP 401 on " + c.method + " "
                    + c.display() + "); check them: run 'docker login " + host + "' again or fix the Maven "
                    + "<server> whose id is " + host;
        } else {
            msg = "registry " + host + " requires authentication" + c.what() + " (HTTP 401 on " + c.method + " "
                    + c.display() + ") and no credentials were found for " + host + "; run 'docker login "
                    + host + "' or add a Maven <server> whose id is " + host + " to settings.xml";
        }
        return new RegistryException(RegistryException.Kind.AUTH, host, c.repo, status, msg);
    }

    void expect(Call c, HttpResponse<InputStream> resp, int expected) {
        if (resp.statusCode() == expected) {
            return;
        }
        String detail = errorDetail(resp);
        throw new RegistryException(RegistryException.Kind.HTTP, c.reg.host(), c.repo, resp.statusCode(),
                "registry " + c.reg.host() + " answered HTTP " + resp.statusCode() + " to " + c.method + " "
                        + c.display() + c.what() + " (expected " + expected + ")" + detail);
    }

    /** The distribution error codes/messages in an error body, as " (CODE: message)", or "". */
    private static String errorDetail(HttpResponse<InputStream> resp) {
        byte[] body;
        try (InputStream in = resp.body()) {
            body = in.readNBytes(8192);
        } catch (IOException e) {
            return "";
        }
        if (body.length == 0) {
            return "";
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.has("errors")) {
                List<String> parts = new ArrayList<>();
                for (JsonNode e : n.get("errors")) {
                    parts.add(e.path("code").asText() + ": " + e.path("message").asText());
                }
                return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
            }
        } catch (IOException ignored) {
            // not JSON
        }
        String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return text.isEmpty() ? "" : " (" + (text.length() > 200 ? text.substring(0, 200) + "…" : text) + ")";
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static byte[] readBody(Call c, HttpResponse<InputStream> resp) {
        try (InputStream in = resp.body()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Kind.UNREACHABLE, c.reg.host(), c.repo, 0,
                    "connection to registry " + c.reg.host() + " broke while reading " + c.display() + ": "
                            + e.getMessage(), e);
        }
    }

    static void drain(HttpResponse<InputStream> resp) {
        try (InputStream in = resp.body()) {
            in.skip(Long.MAX_VALUE);
        } catch (IOException ignored) {
            // the connection is dropped; nothing to do
        }
    }

    private static String contentType(HttpHeaders h) {
        String ct = h.firstValue("Content-Type").orElse(null);
        if (ct == null) {
            return null;
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim();
    }

    private static String repository(RegistryAddress reg, String name) {
        String repo = reg.repository(name);
        if (!NAME.matcher(repo).matches()) {
            throw new IllegalArgumentException("invalid repository name '" + repo + "'");
        }
        return repo;
    }

    private static void checkReference(String reference) {
        if (reference == null || !(TAG.matcher(reference).matches() || Digests.isDigest(reference))) {
            throw new IllegalArgumentException("invalid tag or digest '" + reference + "'");
        }
    }

    private static void checkDigest(String digest) {
        if (!Digests.isDigest(digest)) {
            throw new IllegalArgumentException("invalid digest '" + digest + "'");
        }
    }

    static String pull(String repo) {
        return "repository:" + repo + ":pull";
    }

    static String push(String repo) {
        return "repository:" + repo + ":pull,push";
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RegistryClient[insecure=" + options.insecureRegistries() + "]";
    }

    // ------------------------------------------------------------------------------------------------ options

    /**
     * Client settings.
     *
     * @param insecureRegistries       hosts ({@code host[:port]} or host name) where plain HTTP is allowed, besides
     *                                 loopback
     * @param extraCaPem               a PEM file of extra trusted CA certificates (added to the JDK's); may be null
     * @param connectTimeout           TCP/TLS connect timeout
     * @param requestTimeout           time to the response headers of one request
     * @param maxRetries               retries after the first attempt on connection errors, 5xx and 429
     * @param retryBaseDelay           first backoff delay; doubles each retry
     * @param retryMaxDelay            the largest backoff delay
     * @param maxRetryAfter            the longest {@code Retry-After} honoured
     * @param maxConcurrentPerRegistry requests in flight at once per registry host
     * @param credentials              where credentials come from
     * @param chunkSize                blobs larger than this are uploaded in chunks of this size
     * @param userAgent                the {@code User-Agent}
     * @param probeTimeout             how long the HTTPS probe of a loopback/insecure registry may take
     */
    public record Options(Set<String> insecureRegistries, Path extraCaPem, Duration connectTimeout,
                          Duration requestTimeout, int maxRetries, Duration retryBaseDelay, Duration retryMaxDelay,
                          Duration maxRetryAfter, int maxConcurrentPerRegistry, CredentialProvider credentials,
                          long chunkSize, String userAgent, Duration probeTimeout) {

        public Options {
            insecureRegistries = Set.copyOf(insecureRegistries);
            if (maxRetries < 0 || maxConcurrentPerRegistry < 1 || chunkSize < 1) {
                throw new IllegalArgumentException("invalid registry client options");
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builder with the defaults: 5 s connect, 60 s request, 3 retries from 250 ms to 5 s, 8 per registry. */
        public static final class Builder {
            private Set<String> insecure = Set.of();
            private Path extraCa;
            private Duration connectTimeout = Duration.ofSeconds(5);
            private Duration requestTimeout = Duration.ofSeconds(60);
            private int maxRetries = 3;
            private Duration retryBase = Duration.ofMillis(250);
            private Duration retryMax = Duration.ofSeconds(5);
            private Duration maxRetryAfter = Duration.ofSeconds(60);
            private int concurrency = 8;
            private CredentialProvider credentials = CredentialProvider.none();
            private long chunkSize = 16L * 1024 * 1024;
            private String userAgent = "cip-maven-plugin";
            private Duration probeTimeout = Duration.ofSeconds(2);

            private Builder() {
            }

            public Builder insecureRegistries(Set<String> hosts) {
                this.insecure = Set.copyOf(hosts);
                return this;
            }

            public Builder extraCaPem(Path pemFile) {
                this.extraCa = pemFile;
                return this;
            }

            public Builder connectTimeout(Duration d) {
                this.connectTimeout = d;
                return this;
            }

            public Builder requestTimeout(Duration d) {
                this.requestTimeout = d;
                return this;
            }

            public Builder maxRetries(int n) {
                this.maxRetries = n;
                return this;
            }

            public Builder retryDelays(Duration base, Duration max) {
                this.retryBase = base;
                this.retryMax = max;
                return this;
            }

            public Builder maxRetryAfter(Duration d) {
                this.maxRetryAfter = d;
                return this;
            }

            public Builder maxConcurrentPerRegistry(int n) {
                this.concurrency = n;
                return this;
            }

            public Builder credentials(CredentialProvider provider) {
                this.credentials = provider;
                return this;
            }

            public Builder chunkSize(long bytes) {
                this.chunkSize = bytes;
                return this;
            }

            public Builder userAgent(String ua) {
                this.userAgent = ua;
                return this;
            }

            public Builder probeTimeout(Duration d) {
                this.probeTimeout = d;
                return this;
            }

            public Options build() {
                return new Options(insecure, extraCa, connectTimeout, requestTimeout, maxRetries, retryBase,
                        retryMax, maxRetryAfter, concurrency, credentials, chunkSize, userAgent, probeTimeout);
            }
        }
    }
}
