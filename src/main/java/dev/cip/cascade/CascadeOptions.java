package dev.cip.cascade;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a cascade run is asked to do.
 *
 * @param level     how much each changed image is raised ({@code PARENT}: as much as its parents changed)
 * @param bumpImage an image to raise first (at {@code level}, which must then be concrete)
 * @param registry  the registry the Dockerfiles' references are resolved against ({@code REGISTRY} build argument)
 * @param buildArgs build arguments passed to every build (they can take part in references)
 */
public record CascadeOptions(BumpLevel level, Optional<String> bumpImage, String registry,
                             Map<String, String> buildArgs) {
    public CascadeOptions {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(registry, "registry");
        bumpImage = bumpImage.map(String::strip).filter(s -> !s.isEmpty());
        buildArgs = Map.copyOf(buildArgs);
    }

    public static CascadeOptions of(BumpLevel level, String registry) {
        return new CascadeOptions(level, Optional.empty(), registry, Map.of());
    }

    public CascadeOptions withBumpImage(String image) {
        return new CascadeOptions(level, Optional.ofNullable(image), registry, buildArgs);
    }
}
