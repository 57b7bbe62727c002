package dev.cip.registry;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A blob upload: {@code POST /v2/<repo>/blobs/uploads/} starts a session, then one {@code PUT ?digest=} with the
 * content, or {@code PATCH} chunks and a closing {@code PUT}; a failed upload is cancelled ({@code DELETE}). The
 * session {@code Location} may be absolute: credentials go along only when it is the registry's own origin (the
 * transport checks). A whole upload is retried on transient failures.
 */
final class BlobPush {
    private BlobPush() {
    }

    /** Reads part of the content. */
    @FunctionalInterface
    interface ChunkReader {
        byte[] read(long offset, long length);
    }

    static void push(RepositoryBinding t, String digest, byte[] data) {
        push(t, digest, data.length, (off, len) -> Arrays.copyOfRange(data, (int) off, (int) (off + len)),
                null);
    }

    static void push(RepositoryBinding t, String digest, Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        push(t, digest, size, (off, len) -> {
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

    private static void push(RepositoryBinding t, String digest, long size, ChunkReader reader, Path file) {
        for (int attempt = 0; ; attempt++) {
            try {
                URI location = start(t);
                finish(t, location, digest, size, reader, file);
                return;
            } catch (RegistryException e) {
                if (!e.isTransient() || attempt >= t.options().maxRetries()) {
                    throw e;
                }
                sleep(t, attempt);
            }
        }
    }

    private static URI start(RepositoryBinding t) {
        RegistryRequest c = t.request("POST", "/blobs/uploads/").withScopes(RegistryRequest.push(t.repository()))
                .withBody(HttpRequest.BodyPublishers::noBody);
        return t.exchange().send(c, resp -> {
            resp.expect(202);
            resp.discard();
            return resp.location();
        });
    }

    private static void finish(RepositoryBinding t, URI location, String digest, long size, ChunkReader reader,
                               Path file) {
        try {
            URI loc = location;
            long chunkSize = t.options().chunkSize();
            Supplier<HttpRequest.BodyPublisher> body;
            if (size > chunkSize) {
                for (long off = 0; off < size; off += chunkSize) {
                    long len = Math.min(chunkSize, size - off);
                    byte[] chunk = reader.read(off, len);
                    RegistryRequest patch = session(t, "PATCH", loc)
                            .withHeader("Content-Type", "application/octet-stream")
                            .withHeader("Content-Range", off + "-" + (off + len - 1))
                            .withBody(() -> HttpRequest.BodyPublishers.ofByteArray(chunk));
                    loc = t.exchange().send(patch, resp -> {
                        resp.expect(202);
                        resp.discard();
                        return resp.location();
                    });
                }
                body = HttpRequest.BodyPublishers::noBody;
            } else if (file != null) {
                body = () -> {
                    try {
                        return HttpRequest.BodyPublishers.ofFile(file);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                };
            } else {
                body = () -> HttpRequest.BodyPublishers.ofByteArray(reader.read(0, size));
            }
            RegistryRequest put = session(t, "PUT", withDigest(loc, digest))
                    .withHeader("Content-Type", "application/octet-stream").withBody(body);
            t.exchange().send(put, resp -> {
                resp.expect(201);
                resp.discard();
                return null;
            });
        } catch (RuntimeException e) {
            cancel(t, location);
            throw e;
        }
    }

    /** Best effort: the registry purges stale uploads itself. */
    static void cancel(RepositoryBinding t, URI location) {
        try {
            t.exchange().send(session(t, "DELETE", location), resp -> {
                resp.discard();
                return null;
            });
        } catch (RuntimeException ignored) {
            // best effort
        }
    }

    private static RegistryRequest session(RepositoryBinding t, String method, URI location) {
        return RegistryRequest.toUri(method, t.registry(), t.repository(), location)
                .withScopes(RegistryRequest.push(t.repository())).noRetry();
    }

    private static URI withDigest(URI loc, String digest) {
        return URI.create(loc + (loc.getRawQuery() == null ? "?" : "&") + "digest=" + RegistryRequest.enc(digest));
    }

    private static void sleep(RepositoryBinding t, int attempt) {
        long d = RegistryTransport.backoff(t.options(), attempt);
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.Kind.LOCAL, t.host(), t.repository(), 0,
                    "interrupted while uploading to registry " + t.host());
        }
    }
}
