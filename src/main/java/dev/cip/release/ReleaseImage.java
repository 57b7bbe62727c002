package dev.cip.release;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One image to release.
 *
 * @param name      the image name
 * @param version   its version: the tag to write
 * @param platforms the platforms it must hold ({@code os/arch[/variant]}); empty: whatever is staged for the version
 *                  (the local-platform goals), at least one platform
 * @param parents   the internal parents it was built on, name to version
 * @param notBuilt  why it cannot be released whatever is staged (the run that built it says it failed or was
 *                  blocked); empty when the registry decides
 */
public record ReleaseImage(String name, String version, List<String> platforms, Map<String, String> parents,
                           Optional<NotBuilt> notBuilt) {

    public ReleaseImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        platforms = List.copyOf(platforms);
        parents = Map.copyOf(parents);
        Objects.requireNonNull(notBuilt, "notBuilt");
    }

    public ReleaseImage(String name, String version, List<String> platforms, Map<String, String> parents) {
        this(name, version, platforms, parents, Optional.empty());
    }

    /** The image as the run that built it left it: failed, or blocked by a failure. */
    public ReleaseImage notBuilt(ImageRelease.Status status, String reason) {
        return new ReleaseImage(name, version, platforms, parents, Optional.of(new NotBuilt(status, reason)));
    }

    /** Why a build run did not produce the image. */
    public record NotBuilt(ImageRelease.Status status, String reason) {
        public NotBuilt {
            if (status != ImageRelease.Status.FAILED && status != ImageRelease.Status.BLOCKED) {
                throw new IllegalArgumentException("not built: FAILED or BLOCKED, not " + status);
            }
        }
    }

    @Override
    public String toString() {
        return name + ":" + version;
    }
}
