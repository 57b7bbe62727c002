package dev.cip.registry;

import java.util.Optional;

/** {@code HEAD /v2/<repo>/manifests/<reference>} with all four manifest media types accepted. */
final class ManifestCheck {
    private ManifestCheck() {
    }

    /** The digest, media type and size of a manifest; empty when the registry answers 404. */
    static Optional<ManifestHead> head(RepositoryBinding t, String reference) {
        RegistryRequest c = t.request("HEAD", "/manifests/" + reference)
                .withHeader("Accept", MediaTypes.ACCEPT_MANIFESTS).withScopes(RegistryRequest.pull(t.repository()));
        return t.exchange().send(c, resp -> {
            if (!resp.found()) {
                return Optional.empty();
            }
            resp.discard();
            String digest = resp.header("Docker-Content-Digest").orElse(null);
            if (digest == null) {
                throw resp.errors().invalid(c, 200, "registry " + t.host() + " sent no Docker-Content-Digest for "
                        + t.repository() + ":" + reference);
            }
            if (!Digests.isSupported(digest)) {
                throw resp.errors().invalid(c, 200, "registry " + t.host() + " sent a Docker-Content-Digest for "
                        + t.repository() + ":" + reference + " that cip cannot verify: "
                        + Digests.unsupportedReason(digest));
            }
            return Optional.of(new ManifestHead(digest, resp.contentType(),
                    resp.headers().firstValueAsLong("Content-Length").orElse(-1)));
        });
    }
}
