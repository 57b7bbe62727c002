package dev.cip.release;

import dev.cip.failure.InvalidSetting;
import dev.cip.failure.UserFailure;
import dev.cip.failure.InvalidProjectInput;
import dev.cip.oci.Names;
import dev.cip.oci.Platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static dev.cip.oci.Tags.RESERVED_MARKER;

/**
 * The reserved tag an image is pushed under while it is built, before it is released as {@code <version>} and
 * {@code latest}: {@code <version>__cip-<slug>}, where {@code <slug>} is the sorted platforms joined by {@code _},
 * each written {@code os-arch[-variant]} ({@code 1.2.3__cip-linux-amd64_linux-arm64}, {@code 1.2.3__cip-linux-arm64}).
 * When the tag would exceed the 128 characters a tag may have, the slug becomes {@code h} and the first 12 hex
 * characters of its SHA-256 ({@code 1.2.3__cip-h0123456789ab}); such a tag still parses back, without its platforms.
 * A user's own tags never contain {@code __cip-}: the marker is reserved.
 *
 * @param version   the image version the tag stages
 * @param platforms the staged platforms, normalised and sorted; empty when a hashed slug was parsed (read them from
 *                  the manifest)
 * @param tag       the tag itself
 */
public record StagingTag(String version, List<Platform> platforms, String tag) {

    /** The longest tag a registry accepts. */
    public static final int MAX_TAG_LENGTH = 128;

    private static final Pattern PART = Pattern.compile("[a-z0-9]+");
    private static final Pattern HASHED = Pattern.compile("h[0-9a-f]{12}");

    public StagingTag {
        Objects.requireNonNull(version, "version");
        platforms = List.copyOf(platforms);
        Objects.requireNonNull(tag, "tag");
    }

    /**
     * The staging tag of {@code version} for a set of platforms ({@code os/arch[/variant]}, any order, duplicates and
     * aliases such as {@code linux/arm64/v8} folded).
     *
     * @throws IllegalArgumentException when the version is not a valid tag, already holds the marker, no platform is
     *                                  given or a platform cannot be written in a tag (the project's checks refuse
     *                                  these first)
     * @throws InvalidSetting           when a platform is not one cip builds for
     * @throws InvalidProjectInput      when the version is too long to be staged
     */
    public static StagingTag of(String version, Collection<String> platforms) {
        if (version == null || !Names.isTag(version)) {
            throw new IllegalArgumentException("version '" + version + "' is not a valid tag");
        }
        if (version.contains(RESERVED_MARKER)) {
            throw new IllegalArgumentException("version '" + version + "' contains '" + RESERVED_MARKER
                    + "', which is reserved for staging tags");
        }
        if (platforms.isEmpty()) {
            throw new IllegalArgumentException("a staging tag of " + version + " needs at least one platform");
        }
        TreeSet<String> parts = new TreeSet<>();
        TreeSet<Platform> sorted = new TreeSet<>();
        for (String p : platforms) {
            Platform platform = Platform.parse(p);
            for (String part : List.of(platform.os(), platform.architecture(), platform.variant())) {
                if (!part.isEmpty() && !PART.matcher(part).matches()) {
                    throw new IllegalArgumentException("platform '" + p + "' cannot be written in a staging tag "
                            + "(only lower-case letters and digits in os, architecture and variant)");
                }
            }
            sorted.add(platform);
        }
        for (Platform p : sorted) {
            parts.add(slug(p));
        }
        String slug = String.join("_", parts);
        String tag = version + RESERVED_MARKER + slug;
        if (tag.length() > MAX_TAG_LENGTH) {
            tag = version + RESERVED_MARKER + "h" + sha256Hex(slug).substring(0, 12);
            if (tag.length() > MAX_TAG_LENGTH) {
                throw new InvalidProjectInput(null, "version '" + version + "' is too long to be staged ("
                        + tag.length() + " > " + MAX_TAG_LENGTH + " characters)", null);
            }
        }
        return new StagingTag(version, List.copyOf(sorted), tag);
    }

    /** True when {@code tag} is a staging tag (of any version). */
    public static boolean isStaging(String tag) {
        return parse(tag).isPresent();
    }

    /**
     * Reads a tag back: empty when it is not a staging tag. A hashed slug gives no platforms.
     */
    public static Optional<StagingTag> parse(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        int at = tag.lastIndexOf(RESERVED_MARKER);
        if (at <= 0) {
            return Optional.empty();
        }
        String version = tag.substring(0, at);
        String slug = tag.substring(at + RESERVED_MARKER.length());
        if (!Names.isTag(version) || version.contains(RESERVED_MARKER)) {
            return Optional.empty();
        }
        if (HASHED.matcher(slug).matches()) {
            return Optional.of(new StagingTag(version, List.of(), tag));
        }
        TreeSet<Platform> platforms = new TreeSet<>();
        for (String one : slug.split("_", -1)) {
            String[] p = one.split("-", -1);
            if (p.length < 2 || p.length > 3) {
                return Optional.empty();
            }
            for (String part : p) {
                if (!PART.matcher(part).matches()) {
                    return Optional.empty();
                }
            }
            platforms.add(new Platform(p[0], p[1], p.length == 3 ? p[2] : ""));
        }
        StagingTag parsed = new StagingTag(version, List.copyOf(platforms), tag);
        // Only the canonical spelling counts: what cip itself would have written for these platforms.
        try {
            StagingTag canonical = of(version, platforms.stream().map(Platform::toString).toList());
            return canonical.tag().equals(tag) ? Optional.of(parsed) : Optional.empty();
        } catch (IllegalArgumentException | UserFailure e) {
            return Optional.empty();
        }
    }

    /** True when this tag stages {@code version}. */
    public boolean stages(String version) {
        return this.version.equals(version);
    }

    /** True when the platforms are not written in the tag (hashed slug). */
    public boolean hashed() {
        return HASHED.matcher(tag.substring(tag.lastIndexOf(RESERVED_MARKER) + RESERVED_MARKER.length())).matches();
    }

    /** The platforms as {@code os/arch[/variant]} strings, sorted. */
    public List<String> platformNames() {
        return platforms.stream().map(Platform::toString).toList();
    }

    private static String slug(Platform p) {
        return p.variant().isEmpty() ? p.os() + "-" + p.architecture()
                : p.os() + "-" + p.architecture() + "-" + p.variant();
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return tag;
    }
}
