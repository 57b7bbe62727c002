package dev.cip.registry;

import java.util.Optional;

/**
 * {@code GET /v2/<repo>/manifests/<reference>}: at most the manifest size cap, its digest computed from the bytes
 * and checked against the reference (when that is a digest) and against {@code Docker-Content-Digest}.
 */
final class ManifestPull {
    private ManifestPull() {
    }

    /** The parsed manifest; empty when the registry answers 404. */
    static Optional<Manifest> pull(RepositoryBinding t, String reference) {
        RegistryRequest c = t.request("GET", "/manifests/" + reference)
                .withHeader("Accept", MediaTypes.ACCEPT_MANIFESTS).withScopes(RegistryRequest.pull(t.repository()));
        String repo = t.repository();
        String host = t.host();
        return t.exchange().send(c, resp -> {
            if (!resp.found()) {
                return Optional.empty();
            }
            byte[] bytes = resp.bytes(t.options().limits().manifest(), "the manifest " + repo + ":" + reference);
            String header = resp.header("Docker-Content-Digest").orElse(null);
            if (header != null && !Digests.isSupported(header)) {
                throw resp.errors().invalid(c, 200, "registry " + host + " sent a Docker-Content-Digest for " + repo
                        + ":" + reference + " that cip cannot verify: " + Digests.unsupportedReason(header));
            }
            String expected = Digests.isDigest(reference) ? reference : header;
            String computed = Digests.of(expected != null ? expected : "sha256:", bytes);
            if (expected != null && !expected.equals(computed)) {
                throw resp.errors().invalid(c, 200, "manifest " + repo + "@" + expected + " from registry " + host
                        + " has digest " + computed + " (content changed or corrupted)");
            }
            if (header != null && !header.equals(Digests.of(header, bytes))) {
                throw resp.errors().invalid(c, 200, "registry " + host + " says manifest " + repo + ":" + reference
                        + " is " + header + " but its bytes hash to " + Digests.of(header, bytes));
            }
            try {
                return Optional.of(Manifest.parse(bytes, resp.contentType(), computed));
            } catch (IllegalArgumentException e) {
                throw resp.errors().invalid(c, 200, "registry " + host + " sent an invalid manifest for " + repo
                        + ":" + reference + ": " + e.getMessage());
            }
        });
    }
}
