package dev.cip.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Copies an image with all its platforms from one registry to another (or between repositories of one registry):
 * index, every manifest (attestations included), configs and layers. Blobs the target has are not sent again;
 * within one registry host they are mounted across repositories. Digests are verified on the way; manifests are
 * pushed children first, then the top manifest under each tag. Thread-safe (stateless besides the client).
 */
public final class RegistryCopier {
    /** Blobs up to this size are copied through memory by default; larger ones through a temporary file. */
    public static final long DEFAULT_IN_MEMORY_LIMIT = 8L * 1024 * 1024;

    private final RegistryClient client;
    private final long inMemoryLimit;

    public RegistryCopier(RegistryClient client) {
        this(client, DEFAULT_IN_MEMORY_LIMIT);
    }

    /** @param inMemoryLimit blobs larger than this go through a temporary file */
    public RegistryCopier(RegistryClient client, long inMemoryLimit) {
        this.client = Objects.requireNonNull(client, "client");
        this.inMemoryLimit = inMemoryLimit;
    }

    /**
     * Copies {@code fromRegistry/fromName:reference} to {@code toRegistry/toName} and tags it with every tag.
     *
     * @param tags tags to give the copy (e.g. the version and {@code latest}); at least one
     * @throws RegistryException when the source does not exist or any step fails
     */
    public CopyResult copy(String fromRegistry, String fromName, String reference, String toRegistry,
                           String toName, List<String> tags) {
        return copy(fromRegistry, fromName, reference, toRegistry, toName, tags, List.of());
    }

    /**
     * As {@link #copy(String, String, String, String, String, List)}, and a blob the target repository lacks is
     * first looked for in {@code mountFrom}, other repositories (names) of the target registry, e.g. the image's
     * parents copied before it, and mounted from there instead of being sent.
     */
    public CopyResult copy(String fromRegistry, String fromName, String reference, String toRegistry,
                           String toName, List<String> tags, List<String> mountFrom) {
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("no tag to copy to");
        }
        RegistryAddress from = RegistryAddress.parse(fromRegistry);
        Manifest top = client.manifest(fromRegistry, fromName, reference).orElseThrow(() -> new RegistryException(
                RegistryException.Kind.HTTP, from.host(), from.repository(fromName), 404,
                "image " + from.repository(fromName) + ":" + reference + " not found in registry " + from.host()
                        + "; nothing to copy"));
        Job job = new Job(fromRegistry, fromName, toRegistry, toName, List.copyOf(mountFrom));
        job.copyContent(top);
        for (String tag : tags) {
            client.putManifest(toRegistry, toName, tag, top.mediaType(), top.raw());
            job.manifests++;
        }
        return new CopyResult(top.digest(), top.mediaType(), job.manifests, job.sent, job.skipped, job.mounted,
                job.bytes);
    }

    private final class Job {
        final String fromRegistry;
        final String fromName;
        final String toRegistry;
        final String toName;
        final List<String> mountFrom;
        final Set<String> blobsDone = new HashSet<>();
        final Set<String> manifestsDone = new HashSet<>();
        int manifests;
        int sent;
        int skipped;
        int mounted;
        long bytes;

        Job(String fromRegistry, String fromName, String toRegistry, String toName, List<String> mountFrom) {
            this.mountFrom = mountFrom;
            this.fromRegistry = fromRegistry;
            this.fromName = fromName;
            this.toRegistry = toRegistry;
            this.toName = toName;
        }

        /** Copies what a manifest refers to (children of an index, blobs of an image), not the manifest itself. */
        void copyContent(Manifest m) {
            if (m.isIndex()) {
                for (Descriptor d : m.entries()) {
                    if (!manifestsDone.add(d.digest())) {
                        continue;
                    }
                    RegistryAddress from = RegistryAddress.parse(fromRegistry);
                    Manifest child = client.manifest(fromRegistry, fromName, d.digest()).orElseThrow(() ->
                            new RegistryException(RegistryException.Kind.HTTP, from.host(),
                                    from.repository(fromName), 404, "manifest " + d.digest() + " listed in the index of "
                                    + from.repository(fromName) + " is missing from registry " + from.host()));
                    copyContent(child);
                    client.putManifest(toRegistry, toName, child.digest(), child.mediaType(), child.raw());
                    manifests++;
                }
            } else {
                for (Descriptor b : m.blobs()) {
                    copyBlob(b);
                }
            }
        }

        void copyBlob(Descriptor d) {
            if (!blobsDone.add(d.digest()) || d.foreign()) {
                return;
            }
            if (client.blobSize(toRegistry, toName, d.digest()).isPresent()) {
                skipped++;
                return;
            }
            if (client.mountBlob(toRegistry, toName, d.digest(), fromRegistry, fromName)) {
                mounted++;
                return;
            }
            for (String sibling : mountFrom) {
                if (!sibling.equals(toName) && client.blobSize(toRegistry, sibling, d.digest()).isPresent()
                        && client.mountBlob(toRegistry, toName, d.digest(), toRegistry, sibling)) {
                    mounted++;
                    return;
                }
            }
            long maxBlob = client.options().transfers().maxBlob();
            if (d.size() > maxBlob) {
                RegistryAddress from = RegistryAddress.parse(fromRegistry);
                throw new RegistryException(RegistryException.Kind.INVALID, from.host(), from.repository(fromName),
                        0, "blob " + d.digest() + " of " + from.repository(fromName) + " on registry " + from.host()
                        + " declares " + d.size() + " bytes, more than the " + RegistryErrors.size(maxBlob)
                        + " cip copies as one blob; nothing was downloaded; "
                        + client.options().hints().raiseBlobLimit());
            }
            long size;
            if (d.size() >= 0 && d.size() <= inMemoryLimit) {
                byte[] data = client.at(fromRegistry, fromName).blob(d.digest(), d.size());
                checkSize(d, data.length);
                client.pushBlob(toRegistry, toName, d.digest(), data);
                size = data.length;
            } else {
                size = viaTemporaryFile(d, d.size() >= 0 ? d.size() : maxBlob);
            }
            sent++;
            bytes += size;
        }

        /**
         * Copies a large blob through a temporary file, removed on every way out: when the copy ends or fails, and
         * by a shutdown hook while it runs, should the JVM be stopped (SIGINT, SIGTERM) in the middle.
         */
        private long viaTemporaryFile(Descriptor d, long limit) {
            Path tmp;
            try {
                tmp = Files.createTempFile("cip-blob-", ".tmp");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary file for blob " + d.digest() + ": "
                        + e.getMessage(), e);
            }
            Thread hook = new Thread(() -> deleteQuietly(tmp), "cip-remove-blob-file");
            boolean hooked = addHook(hook);
            try {
                long n;
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    n = client.blobTo(fromRegistry, fromName, d.digest(), limit, out);
                }
                checkSize(d, n);
                client.pushBlob(toRegistry, toName, d.digest(), tmp);
                return n;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                deleteQuietly(tmp);
                if (hooked) {
                    removeHook(hook);
                }
            }
        }

        private void checkSize(Descriptor d, long actual) {
            if (d.size() >= 0 && d.size() != actual) {
                RegistryAddress from = RegistryAddress.parse(fromRegistry);
                throw new RegistryException(RegistryException.Kind.INVALID, from.host(), from.repository(fromName),
                        200, "blob " + d.digest() + " of " + from.repository(fromName) + " on " + from.host()
                        + " has " + actual + " bytes, its manifest says " + d.size());
            }
        }
    }

    private static boolean addHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException e) {
            return false; // the JVM is shutting down already; the finally block removes the file
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the hook is running or has run
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file; the OS cleans up
        }
    }
}
