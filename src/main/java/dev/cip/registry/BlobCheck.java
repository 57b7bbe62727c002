package dev.cip.registry;

import java.util.Optional;

/** {@code HEAD /v2/<repo>/blobs/<digest>} (redirects followed, without credentials to other origins). */
final class BlobCheck {
    private BlobCheck() {
    }

    /** The size of a blob, or empty when the repository does not have it. */
    static Optional<Long> size(RepositoryBinding t, String digest) {
        RegistryRequest c = t.request("HEAD", "/blobs/" + digest).withScopes(RegistryRequest.pull(t.repository()))
                .followingRedirects();
        return t.exchange().send(c, resp -> {
            if (!resp.found()) {
                return Optional.empty();
            }
            resp.discard();
            return Optional.of(resp.headers().firstValueAsLong("Content-Length").orElse(-1));
        });
    }
}
