package dev.cip.registry;

import java.net.http.HttpRequest;

/** {@code PUT /v2/<repo>/manifests/<reference>}. */
final class ManifestPush {
    private ManifestPush() {
    }

    /** @return the digest of {@code body} (checked against the registry's answer) */
    static String put(RepositoryBinding t, String reference, String mediaType, byte[] body) {
        String digest = Digests.isDigest(reference) ? Digests.of(reference, body) : Digests.sha256(body);
        if (Digests.isDigest(reference) && !reference.equals(digest)) {
            throw new IllegalArgumentException("manifest bytes hash to " + digest + ", not " + reference);
        }
        RegistryRequest c = t.request("PUT", "/manifests/" + reference)
                .withHeader("Content-Type", mediaType).withScopes(RegistryRequest.push(t.repository()))
                .withBody(() -> HttpRequest.BodyPublishers.ofByteArray(body));
        return t.exchange().send(c, resp -> {
            resp.expect(201);
            resp.discard();
            String got = resp.header("Docker-Content-Digest").orElse(digest);
            if (!got.equals(digest)) {
                throw resp.errors().invalid(c, 201, "registry " + t.host() + " stored manifest " + t.repository()
                        + ":" + reference + " as " + ExternalText.clean(got, 140) + " but we sent " + digest);
            }
            return digest;
        });
    }
}
