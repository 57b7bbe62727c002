package dev.cip.oci;

/** The labels cip writes on the images it builds (and reads back from published ones). */
public final class Labels {
    /**
     * The content fingerprint an image was built from: a label of its config, or an annotation of that name on its
     * manifest or index.
     */
    public static final String FINGERPRINT = "dev.cip.fingerprint";

    /** The version an image was built as (OCI's annotation key, also written as a label). */
    public static final String VERSION = "org.opencontainers.image.version";

    private Labels() {
    }
}
