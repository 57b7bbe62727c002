package dev.cip.registry;

import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * {@code GET /v2/<repo>/blobs/<digest>} (redirects followed, without credentials to other origins): streamed, at
 * most {@code limit} bytes (the size the manifest declares), within a deadline, digest verified.
 */
final class BlobPull {
    private BlobPull() {
    }

    /**
     * Streams the blob to {@code out}. On a digest mismatch the bytes have been written and a
     * {@link RegistryException} (kind INVALID) is thrown: the caller must discard what it got.
     *
     * @return the number of bytes written
     */
    static long pull(RepositoryBinding t, String digest, long limit, OutputStream out) {
        RegistryRequest c = t.request("GET", "/blobs/" + digest).withScopes(RegistryRequest.pull(t.repository()))
                .followingRedirects();
        return t.exchange().send(c, resp -> {
            if (resp.status() == 404) {
                resp.discard();
                throw new RegistryException(RegistryException.Kind.HTTP, t.host(), t.repository(), 404,
                        "blob " + digest + " not found in " + t.repository() + " on registry " + t.host());
            }
            resp.expect(200);
            MessageDigest md = Digests.digesterFor(digest);
            long total = resp.stream(out, limit, md, "blob " + digest + " of " + t.repository());
            String got = Digests.format(digest, md);
            if (!got.equals(digest)) {
                throw resp.errors().invalid(c, 200, "blob " + digest + " from " + t.repository() + " on registry "
                        + t.host() + " hashes to " + got);
            }
            return total;
        });
    }
}
