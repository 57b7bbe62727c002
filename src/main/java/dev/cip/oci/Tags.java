package dev.cip.oci;

/** Tag names with a meaning of their own. */
public final class Tags {
    /** The tag a release also writes, pointing at an image's newest version; a reference to it pins no version. */
    public static final String LATEST = "latest";

    /**
     * The marker of cip's own tags (staging tags {@code <version>__cip-<platforms>}, the build cache tag
     * {@code __cip-cache}): never in a user's tag, never taken for a release.
     */
    public static final String RESERVED_MARKER = "__cip-";

    private Tags() {
    }
}
