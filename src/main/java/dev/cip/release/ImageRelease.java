package dev.cip.release;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the release did, or would do, with one image.
 *
 * @param status    the outcome
 * @param reason    a human sentence: what was written, or why nothing was
 * @param digest    the digest {@code <version>} points at (or would), when known
 * @param platforms the platforms of that index, attestations aside
 * @param missing   wanted platforms nothing is staged for
 * @param staging   the staging tags of the version found in the registry
 * @param written   the tags written (or to write, before the last pass)
 */
public record ImageRelease(String name, String version, Status status, String reason, Optional<String> digest,
                           List<String> platforms, List<String> missing, List<String> staging, List<String> written) {

    /** The outcome of one image. */
    public enum Status {
        /** Tags were written (or, before the last pass, are to be written). */
        RELEASED,
        /** {@code <version>} (and {@code latest}) already point at the assembled index: nothing to write. */
        UNCHANGED,
        /** Releasable, but held back: {@code atomic} and another image cannot be released. */
        HELD,
        /** Some wanted platform is not staged. */
        MISSING_PLATFORMS,
        /** The build of the image failed. */
        FAILED,
        /** A parent failed, is blocked, or is not released. */
        BLOCKED,
        /** {@code <version>} is already released with every wanted platform and another content: left alone. */
        CONFLICT,
        /** Its platforms were staged from different content (fingerprints): one version is one content. */
        MIXED_CONTENT
    }

    public ImageRelease {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(digest, "digest");
        platforms = List.copyOf(platforms);
        missing = List.copyOf(missing);
        staging = List.copyOf(staging);
        written = List.copyOf(written);
    }

    /** Released now or before: its {@code <version>} holds what was staged. */
    public boolean released() {
        return status == Status.RELEASED || status == Status.UNCHANGED;
    }

    ImageRelease with(Status newStatus, String newReason) {
        return new ImageRelease(name, version, newStatus, newReason, digest, platforms, missing, staging,
                newStatus == Status.RELEASED ? written : List.of());
    }

    @Override
    public String toString() {
        return name + " " + version + ": " + status + " (" + reason + ")";
    }
}
