package dev.cip.registry;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A client of the OCI distribution API: the shared part (connections, credentials, tokens, scheme choice) and the
 * entry to the per-repository API, {@link #at(String, String)} → {@link RepositoryClient}. The
 * {@code (registry, name, …)} methods are shorthands for {@code at(registry, name).…}.
 *
 * <p>Registries are given as strings ({@code localhost:5000}, {@code registry.example.com/team/images}); see
 * {@link RegistryAddress}. Image names may hold slashes. References are tags or digests.
 *
 * <p>How it is built: {@link RegistryTransport} sends requests (retries, redirects, 401s, permits, credentials only
 * to the registry's own origin) with the scheme {@link SchemeResolver} chose; {@link Authenticator} answers
 * challenges and fetches tokens through the transport; one small class per endpoint ({@link ManifestCheck},
 * {@link ManifestPull}, {@link ManifestPush}, {@link ManifestDelete}, {@link TagList}, {@link BlobCheck},
 * {@link BlobPull}, {@link BlobPush}, {@link BlobMount}) describes its request and reads the answer through
 * {@link RegistryResponse}, which caps every body and puts a deadline on every read; {@link RegistryErrors} words
 * every failure, ending with the {@link RegistryHints} of the caller.
 *
 * <p>Thread-safe; one instance should be shared. {@link #close()} ends its threads.
 */
public final class RegistryClient implements AutoCloseable {
    private final RegistryOptions options;
    private final HttpClientHolder http;
    private final SchemeResolver schemes;
    private final RegistryTransport transport;

    public RegistryClient(RegistryOptions options) {
        this.options = options;
        this.http = new HttpClientHolder(options);
        this.schemes = new SchemeResolver(options);
        RegistryErrors errors = new RegistryErrors(options);
        Authenticator auth = new Authenticator(options.credentials(), schemes::allowsPlainHttp,
                this::sendAnonymously, errors, options.limits().token());
        this.transport = new RegistryTransport(options, http, schemes, auth, errors);
    }

    /** How the authenticator reaches token services: through the transport, never with the registry's header. */
    private <T> T sendAnonymously(RegistryRequest request, Exchange.Reader<T> reader) {
        return transport.send(request.asAnonymous(), reader);
    }

    /** A client with default options (anonymous). */
    public static RegistryClient create() {
        return new RegistryClient(RegistryOptions.defaults());
    }

    public RegistryOptions options() {
        return options;
    }

    /** The API of repository {@code name} in {@code registry}. */
    public RepositoryClient at(String registry, String name) {
        return new RepositoryClient(transport, RegistryAddress.parse(registry), name, options);
    }

    /**
     * Starts, in the background, what the first request to {@code registry} needs (the HTTP client, the scheme
     * probe, a connection), so that it overlaps with the caller's own work. Failures are left for the real requests
     * to report.
     */
    public void warmUp(String registry) {
        http.background(() -> {
            try {
                ping(registry);
            } catch (RuntimeException ignored) {
                // the requests that matter will say what is wrong
            }
        });
    }

    /**
     * {@code GET /v2/}: checks that the registry answers and that we may use it.
     *
     * @throws RegistryException when it is unreachable or refuses our credentials
     */
    public void ping(String registry) {
        RegistryRequest c = RegistryRequest.to("GET", RegistryAddress.parse(registry), null, "/v2/");
        transport.send(c, resp -> {
            resp.expect(200);
            resp.discard();
            return null;
        });
    }

    @Override
    public void close() {
        http.close();
    }

    /** True when plain HTTP may be used with this host (loopback or configured insecure). */
    boolean allowsPlainHttp(String hostAndPort) {
        return schemes.allowsPlainHttp(RegistryAddress.parse(hostAndPort));
    }

    // ------------------------------------------------------------------ shorthands for at(registry, name).…

    public Optional<ManifestHead> head(String registry, String name, String reference) {
        return at(registry, name).head(reference);
    }

    public Optional<Manifest> manifest(String registry, String name, String reference) {
        return at(registry, name).manifest(reference);
    }

    public String putManifest(String registry, String name, String reference, String mediaType, byte[] body) {
        return at(registry, name).putManifest(reference, mediaType, body);
    }

    public boolean deleteManifest(String registry, String name, String reference) {
        return at(registry, name).deleteManifest(reference);
    }

    public List<String> tags(String registry, String name) {
        return at(registry, name).tags();
    }

    public Optional<Long> blobSize(String registry, String name, String digest) {
        return at(registry, name).blobSize(digest);
    }

    /** A whole blob in memory, digest verified, at most the config cap. For large blobs use {@link #blobTo}. */
    public byte[] blob(String registry, String name, String digest) {
        return at(registry, name).blob(digest, options.limits().config());
    }

    /** See {@link RepositoryClient#blobTo(String, long, OutputStream)}. */
    public long blobTo(String registry, String name, String digest, long size, OutputStream out) {
        return at(registry, name).blobTo(digest, size, out);
    }

    public String pushBlob(String registry, String name, byte[] data) {
        return at(registry, name).pushBlob(data);
    }

    public void pushBlob(String registry, String name, String digest, byte[] data) {
        at(registry, name).pushBlob(digest, data);
    }

    public void pushBlob(String registry, String name, String digest, Path file) {
        at(registry, name).pushBlob(digest, file);
    }

    /** Tries a cross-repository mount; false when the hosts differ or the registry did not mount it. */
    public boolean mountBlob(String registry, String name, String digest, String fromRegistry, String fromName) {
        return at(registry, name).mountBlob(digest, at(fromRegistry, fromName));
    }

    @Override
    public String toString() {
        return "RegistryClient[insecure=" + options.insecureRegistries() + "]";
    }
}
