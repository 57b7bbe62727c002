package dev.cip.context;

import dev.cip.oci.Platform;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a context's {@code info.edn} says about its image.
 *
 * @param version     the image tag
 * @param platforms   platforms replacing the default ones for this image, when given (normalised, sorted)
 * @param buildArgs   extra {@code --build-arg}s for this image, in file order
 * @param unknownKeys keys cip does not know (kept untouched, warned about once), in file order
 */
public record ImageInfo(String version, Optional<List<Platform>> platforms, Map<String, String> buildArgs,
                        Set<String> unknownKeys) {

    public ImageInfo {
        platforms = platforms.map(List::copyOf);
        buildArgs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
        unknownKeys = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(unknownKeys));
    }

    public static ImageInfo ofVersion(String version) {
        return new ImageInfo(version, Optional.empty(), Map.of(), Set.of());
    }
}
