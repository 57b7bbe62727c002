package dev.cip.oci;

/** Tag names with a meaning of their own. */
public final class Tags {
    /** The tag a release also writes, pointing at an image's newest version; a reference to it pins no version. */
    public static final String LATEST = "latest";

    private Tags() {
    }
}
