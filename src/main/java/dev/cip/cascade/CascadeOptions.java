package dev.cip.cascade;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a cascade run is asked to do.
 *
 * @param level     how much the named image is raised (every raised image's when none is named; {@code PARENT}: as
 *                  much as its parents changed); the images raised because a parent changed get a patch
 * @param bumpImage an image to raise first
 * @param registry  the registry the Dockerfiles' references are resolved against ({@code REGISTRY} build argument)
 * @param buildArgs build arguments passed to every build (they can take part in references)
 * @param baseline  the version of each image before this change (the last committed one), where known: an image
 *                  already above it is not raised again, only its references move
 */
public record CascadeOptions(BumpLevel level, Optional<String> bumpImage, String registry,
                             Map<String, String> buildArgs, Map<String, String> baseline) {
    public CascadeOptions {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(registry, "registry");
        bumpImage = bumpImage.map(String::strip).filter(s -> !s.isEmpty());
        buildArgs = Map.copyOf(buildArgs);
        baseline = Map.copyOf(baseline);
    }

    public CascadeOptions(BumpLevel level, Optional<String> bumpImage, String registry,
                          Map<String, String> buildArgs) {
        this(level, bumpImage, registry, buildArgs, Map.of());
    }

    public static CascadeOptions of(BumpLevel level, String registry) {
        return new CascadeOptions(level, Optional.empty(), registry, Map.of());
    }

    public CascadeOptions withBumpImage(String image) {
        return new CascadeOptions(level, Optional.ofNullable(image), registry, buildArgs, baseline);
    }

    /** The same, with the versions of {@code baseline} as the ones before this change. */
    public CascadeOptions withBaseline(Map<String, String> versions) {
        return new CascadeOptions(level, bumpImage, registry, buildArgs, versions);
    }
}
