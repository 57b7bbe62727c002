package dev.cip.registry;

/**
 * {@code DELETE /v2/<repo>/manifests/<reference>}. With a digest it deletes the manifest (and every tag on it);
 * with a tag, OCI distribution 1.1 deletes just that tag. Registries that do not implement tag deletion (or have
 * deletion off) answer 400, 405 or 404 (UNSUPPORTED): that is reported as such.
 */
final class ManifestDelete {
    private ManifestDelete() {
    }

    /** @return false when there was nothing to delete (404 MANIFEST_UNKNOWN), true when the registry deleted it */
    static boolean delete(RepositoryBinding t, String reference) {
        RegistryRequest c = t.request("DELETE", "/manifests/" + reference)
                .withScopes(RegistryRequest.delete(t.repository()), RegistryRequest.push(t.repository()));
        return t.exchange().send(c, resp -> {
            if (resp.status() == 202 || resp.status() == 200 || resp.status() == 204) {
                resp.discard();
                return true;
            }
            if (resp.status() == 404) {
                byte[] body = resp.errorBody();
                if (RegistryErrors.errorDetail(body).contains("UNSUPPORTED")) {
                    throw resp.errors().unexpected(c, 404, 202, body);
                }
                return false;
            }
            resp.expect(202);
            return true;
        });
    }
}
