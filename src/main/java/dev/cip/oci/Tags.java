package dev.cip.oci;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tag names with a meaning of their own. */
public final class Tags {
    /** The tag a release also writes, pointing at an image's newest version; a reference to it pins no version. */
    public static final String LATEST = "latest";

    /**
     * The marker of cip's own tags (staging tags {@code <version>__cip-<platforms>}, the build cache tag
     * {@code __cip-cache}): never in a user's tag, never taken for a release.
     */
    public static final String RESERVED_MARKER = "__cip-";

    /**
     * The shape of a version cip can bump: dotted numeric components with an optional {@code -suffix}
     * ({@code 2.0.9}, {@code 1.4}, {@code 20}, {@code 3.19.1-alpine}).
     */
    public static final Pattern VERSION_SHAPE = Pattern.compile("([0-9]{1,18}(?:\\.[0-9]{1,18})*)(-.*)?");

    private Tags() {
    }

    /**
     * Whether {@code tag} looks like a released version of a dotted scheme ({@code 1.0}, {@code 1.0.0},
     * {@code 3.19-alpine}): such a tag never moves, so it is never an extra tag. A single number ({@code 20},
     * {@code 1234567}) is not taken for one here: it is also a build number or an all-digit git short sha.
     */
    public static boolean looksLikeDottedVersion(String tag) {
        Matcher m = VERSION_SHAPE.matcher(tag);
        return m.matches() && m.group(1).contains(".") && !"-".equals(m.group(2));
    }

    /** Whether {@code tag} has the shape of a version, dotted or a single number. */
    public static boolean looksLikeVersion(String tag) {
        Matcher m = VERSION_SHAPE.matcher(tag);
        return m.matches() && !"-".equals(m.group(2));
    }
}
