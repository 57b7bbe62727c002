package dev.cip.registry;

import dev.cip.oci.Names;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The registry API of one repository in one registry: manifests (check, pull, push, delete), tags, blobs (check,
 * pull, push, mount). Obtained from {@link RegistryClient#at(String, String)}; shares that client's connections,
 * credentials and token cache. The name and references are validated before any request. Thread-safe.
 */
public final class RepositoryClient {
    private final RepositoryBinding binding;

    RepositoryClient(Exchange exchange, RegistryAddress registry, String name, RegistryOptions options) {
        String repo = registry.repository(name);
        if (!Names.isRepositoryPath(repo)) {
            throw new IllegalArgumentException("invalid repository name '" + repo + "'");
        }
        this.binding = new RepositoryBinding(exchange, registry, repo, options);
    }

    /** The registry host ({@code host[:port]}). */
    public String host() {
        return binding.host();
    }

    /** The repository path, prefix included. */
    public String repository() {
        return binding.repository();
    }

    /** {@code HEAD} of a manifest by tag or digest; empty when the registry answers 404. */
    public Optional<ManifestHead> head(String reference) {
        return ManifestCheck.head(binding, checkReference(reference));
    }

    /** A manifest by tag or digest, digest verified; empty when the registry answers 404. */
    public Optional<Manifest> manifest(String reference) {
        return ManifestPull.pull(binding, checkReference(reference));
    }

    /** Stores a manifest under a tag or its digest; returns its digest. */
    public String putManifest(String reference, String mediaType, byte[] body) {
        return ManifestPush.put(binding, checkReference(reference), mediaType, body);
    }

    /**
     * Deletes a tag (OCI distribution 1.1) or, given a digest, the manifest.
     *
     * @return false when there was nothing to delete
     */
    public boolean deleteManifest(String reference) {
        return ManifestDelete.delete(binding, checkReference(reference));
    }

    /** Every tag of the repository; empty when it does not exist. */
    public List<String> tags() {
        return TagList.tags(binding);
    }

    /** The size of a blob, or empty when the repository does not have it. */
    public Optional<Long> blobSize(String digest) {
        return BlobCheck.size(binding, checkDigest(digest));
    }

    /** A small blob in memory, digest verified, at most {@code maxBytes}. */
    public byte[] blob(String digest, long maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BlobPull.pull(binding, checkDigest(digest), maxBytes, out);
        return out.toByteArray();
    }

    /**
     * Streams a blob of {@code size} bytes (as its descriptor declares; -1 when unknown) to {@code out} and
     * verifies its digest. More bytes than declared, or a body that stalls, fail with an error naming the registry.
     * On a digest mismatch the bytes have been written and a {@link RegistryException} (kind INVALID) is thrown:
     * the caller must discard what it got.
     *
     * @return the number of bytes written
     */
    public long blobTo(String digest, long size, OutputStream out) {
        return BlobPull.pull(binding, checkDigest(digest), size >= 0 ? size : Long.MAX_VALUE, out);
    }

    /** Pushes a blob (if the repository does not already have it) and returns its digest. */
    public String pushBlob(byte[] data) {
        String digest = Digests.sha256(data);
        if (blobSize(digest).isEmpty()) {
            BlobPush.push(binding, digest, data);
        }
        return digest;
    }

    /** Uploads a blob with a known digest (no existence check); chunked when larger than the chunk size. */
    public void pushBlob(String digest, byte[] data) {
        BlobPush.push(binding, checkDigest(digest), data);
    }

    /** Uploads a blob from a file (no existence check); chunked when larger than the chunk size. */
    public void pushBlob(String digest, Path file) {
        BlobPush.push(binding, checkDigest(digest), file);
    }

    /**
     * Mounts {@code digest} from another repository of the same registry host.
     *
     * @return false when {@code from} is on another host or the registry did not mount it
     */
    public boolean mountBlob(String digest, RepositoryClient from) {
        if (!from.host().equals(host())) {
            return false;
        }
        return BlobMount.mount(binding, checkDigest(digest), from.repository());
    }

    private static String checkReference(String reference) {
        if (reference == null || !(Names.isTag(reference) || Digests.isSupported(reference))) {
            throw new IllegalArgumentException("invalid tag or digest '" + ExternalText.clean(reference, 140) + "'");
        }
        return reference;
    }

    private static String checkDigest(String digest) {
        if (!Digests.isSupported(digest)) {
            throw new IllegalArgumentException("invalid digest: " + Digests.unsupportedReason(digest));
        }
        return digest;
    }

    @Override
    public String toString() {
        return "RepositoryClient[" + host() + "/" + repository() + "]";
    }
}
