package dev.cip.registry;

/**
 * One repository of one registry, and how to reach it: what every endpoint is given.
 *
 * @param exchange   sends requests
 * @param registry   the registry
 * @param repository the repository path (prefix included), validated
 * @param options    the client's options (limits, chunk size, retries)
 */
record RepositoryBinding(Exchange exchange, RegistryAddress registry, String repository, RegistryOptions options) {

    /** A request to {@code /v2/<repository><suffix>}. */
    RegistryRequest request(String method, String suffix) {
        return RegistryRequest.to(method, registry, repository, "/v2/" + repository + suffix);
    }

    /** {@code registry host}, for messages. */
    String host() {
        return registry.host();
    }
}
