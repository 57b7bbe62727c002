package dev.cip.engine;

import dev.cip.failure.InvalidSetting;
import dev.cip.oci.ImageName;
import dev.cip.oci.Tags;

import java.util.List;
import java.util.Locale;

/**
 * Where BuildKit keeps and finds its build cache, one switch for every image:
 * <ul>
 *   <li>{@link #NONE}: the builder's own cache only;</li>
 *   <li>{@link #REGISTRY}: each image exports its full cache ({@code mode=max}) to
 *       {@code <registry>/<name>:}{@value #TAG} and imports it from there;</li>
 *   <li>{@link #INLINE}: the cache metadata goes into the image itself, and is imported from the last release,
 *       {@code <registry>/<name>:latest}.</li>
 * </ul>
 * {@value #TAG} holds the reserved marker {@code __cip-}: never a user's tag, never taken for a release, and it
 * cannot be parsed as a staging tag (it has no version before the marker).
 */
public enum BuildCache {
    NONE, REGISTRY, INLINE;

    /** The reserved tag of the registry cache of every image. */
    public static final String TAG = Tags.RESERVED_MARKER + "cache";

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InvalidSetting for anything but {@code none}, {@code registry}, {@code inline} */
    public static BuildCache parse(String value) {
        String v = value == null ? "none" : value.strip().toLowerCase(Locale.ROOT);
        for (BuildCache c : values()) {
            if (c.id().equals(v) || v.isEmpty() && c == NONE) {
                return c;
            }
        }
        throw new InvalidSetting("build cache '" + value + "' is not one of none, registry, inline");
    }

    /** The {@code cache-from} entries of an image. */
    public List<String> from(String registry, String name) {
        return switch (this) {
            case NONE -> List.of();
            case REGISTRY -> List.of("type=registry,ref=" + new ImageName(registry, name, TAG));
            case INLINE -> List.of("type=registry,ref=" + new ImageName(registry, name, Tags.LATEST));
        };
    }

    /**
     * The {@code cache-to} entries of an image. A cache that cannot be written does not fail the build
     * ({@code ignore-error=true}): the image is what was asked for.
     */
    public List<String> to(String registry, String name) {
        return switch (this) {
            case NONE -> List.of();
            case REGISTRY -> List.of("type=registry,ref=" + new ImageName(registry, name, TAG)
                    + ",mode=max,ignore-error=true");
            case INLINE -> List.of("type=inline");
        };
    }
}
