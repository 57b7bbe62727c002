package dev.cip.mirror;

import java.util.Objects;

/**
 * A project image at its version (both already validated by the project scanner).
 *
 * @param name    the image name (repository path component)
 * @param version the tag
 */
public record ImageVersion(String name, String version) {
    public ImageVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    @Override
    public String toString() {
        return name + ":" + version;
    }
}
