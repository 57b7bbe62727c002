package dev.cip.registry;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;

/** {@code POST /v2/<repo>/blobs/uploads/?mount=<digest>&from=<other repo>}: a cross-repository mount. */
final class BlobMount {
    private BlobMount() {
    }

    /**
     * @return true when the registry mounted it (201); false when it did not (the upload it may have started
     *         instead is cancelled)
     */
    static boolean mount(RepositoryBinding t, String digest, String fromRepository) {
        RegistryRequest c = t.request("POST", "/blobs/uploads/?mount=" + RegistryRequest.enc(digest) + "&from="
                        + RegistryRequest.enc(fromRepository))
                .withScopes(RegistryRequest.push(t.repository()), RegistryRequest.pull(fromRepository))
                .withBody(HttpRequest.BodyPublishers::noBody);
        Optional<URI> session = t.exchange().send(c, resp -> {
            if (resp.status() == 201) {
                resp.discard();
                return Optional.<URI>empty();
            }
            resp.expect(202);
            resp.discard();
            return Optional.of(resp.location());
        });
        if (session.isEmpty()) {
            return true;
        }
        BlobPush.cancel(t, session.get());
        return false;
    }
}
