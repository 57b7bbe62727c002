package dev.cip.plan;

import dev.cip.oci.Platform;
import java.util.Optional;
import java.util.Set;

/**
 * What an image store holds at a tag.
 *
 * @param platforms   the platforms of its index (attestations left out); empty when not read
 * @param fingerprint the fingerprint cip recorded on it, when there is one and it was read
 */
public record StoredImage(Set<Platform> platforms, Optional<String> fingerprint) {
    public StoredImage {
        platforms = Set.copyOf(platforms);
    }

    public static StoredImage present() {
        return new StoredImage(Set.of(), Optional.empty());
    }
}
