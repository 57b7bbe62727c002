package dev.cip.mirror;

import java.util.Objects;

/**
 * A project image at its version (both already validated by the project scanner).
 *
 * @param name      the image name (repository path component)
 * @param version   the tag
 * @param ancestors the project images it builds on, nearest first (where a copy looks for blobs to mount)
 */
public record ImageVersion(String name, String version, java.util.List<String> ancestors) {
    public ImageVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        ancestors = java.util.List.copyOf(ancestors);
    }

    public ImageVersion(String name, String version) {
        this(name, version, java.util.List.of());
    }

    @Override
    public String toString() {
        return name + ":" + version;
    }
}
