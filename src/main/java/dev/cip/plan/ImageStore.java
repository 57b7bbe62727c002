package dev.cip.plan;

import java.util.Optional;

/** Where a goal's images live: a registry, or the local Docker store. Implementations are thread-safe. */
public interface ImageStore {

    /**
     * @param withDetails read the platforms and the fingerprint too (costs more requests)
     * @return what is stored at {@code name:tag}, empty when absent
     */
    Optional<StoredImage> find(String name, String tag, boolean withDetails);

    /** A short description for messages, e.g. {@code registry localhost:5000}. */
    String describe();
}
