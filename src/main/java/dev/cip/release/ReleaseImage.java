package dev.cip.release;

import dev.cip.context.Validation;
import dev.cip.failure.InvalidSetting;

import java.util.LinkedHashSet;
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
 * @param extraTags tags written with {@code <version>} (and {@code latest}) to the same index: never the version,
 *                  {@code latest}, a tag holding the reserved {@code __cip-} or one shaped like a dotted version
 * @param notBuilt  why it cannot be released whatever is staged (the run that built it says it failed or was
 *                  blocked); empty when the registry decides
 */
public record ReleaseImage(String name, String version, List<String> platforms, Map<String, String> parents,
                           List<String> extraTags, Optional<NotBuilt> notBuilt) {

    public ReleaseImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        platforms = List.copyOf(platforms);
        parents = Map.copyOf(parents);
        extraTags = List.copyOf(new LinkedHashSet<>(extraTags));
        for (String tag : extraTags) {
            if (tag.equals(version) || Validation.extraTagProblem(tag).isPresent()) {
                throw new InvalidSetting("'" + tag + "' cannot be an extra tag of " + name + ":" + version);
            }
        }
        Objects.requireNonNull(notBuilt, "notBuilt");
    }

    public ReleaseImage(String name, String version, List<String> platforms, Map<String, String> parents,
                        Optional<NotBuilt> notBuilt) {
        this(name, version, platforms, parents, List.of(), notBuilt);
    }

    public ReleaseImage(String name, String version, List<String> platforms, Map<String, String> parents) {
        this(name, version, platforms, parents, List.of(), Optional.empty());
    }

    /** The image as the run that built it left it: failed, or blocked by a failure. */
    public ReleaseImage notBuilt(ImageRelease.Status status, String reason) {
        return new ReleaseImage(name, version, platforms, parents, extraTags,
                Optional.of(new NotBuilt(status, reason)));
    }

    /** The same image, also released under {@code tags}. */
    public ReleaseImage withExtraTags(List<String> tags) {
        return new ReleaseImage(name, version, platforms, parents, tags, notBuilt);
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
