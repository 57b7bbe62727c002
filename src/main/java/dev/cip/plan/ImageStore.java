package dev.cip.plan;

import dev.cip.oci.Platform;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where a goal's images live: a registry, or the local Docker store. Implementations are thread-safe. */
public interface ImageStore {

    /**
     * @param withDetails read the platforms and the fingerprint too (costs more requests)
     * @return what is stored at {@code name:tag}, empty when absent
     */
    Optional<StoredImage> find(String name, String tag, boolean withDetails);

    /**
     * What is staged for {@code name:version} (pushed under staging tags, not released): each staging tag with the
     * platforms it holds. Empty where nothing is, and for stores that have no staging (the local Docker store).
     */
    default Map<String, List<Platform>> staged(String name, String version) {
        return Map.of();
    }

    /**
     * Every platform manifest staged for {@code name:version}, with the fingerprint recorded on it (costs a manifest
     * and a config read per platform). Empty where nothing is, and for stores that have no staging.
     */
    default List<StagedPlatform> stagedContent(String name, String version) {
        return List.of();
    }

    /** A short description for messages, e.g. {@code registry localhost:5000}. */
    String describe();
}
