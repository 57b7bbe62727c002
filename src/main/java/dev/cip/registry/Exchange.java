package dev.cip.registry;

/** Sends one {@link RegistryRequest} and hands the final answer to a reader: what endpoints and auth are given. */
@FunctionalInterface
interface Exchange {
    <T> T send(RegistryRequest request, Reader<T> reader);

    /** Reads the answer; runs while the request's per-registry permit is held. */
    @FunctionalInterface
    interface Reader<T> {
        T read(RegistryResponse response);
    }
}
