package dev.cip.registry;

import java.util.List;

/** Manifest media types. */
public final class MediaTypes {
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    /** The layers of an attestation manifest (BuildKit's provenance and SBOM): in-toto statements. */
    public static final String IN_TOTO = "application/vnd.in-toto+json";

    /** All four manifest media types, in the order they are offered in {@code Accept}. */
    public static final List<String> MANIFESTS = List.of(OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST,
            DOCKER_MANIFEST);

    /** The {@code Accept} header value listing all four manifest media types. */
    public static final String ACCEPT_MANIFESTS = String.join(", ", MANIFESTS);

    private MediaTypes() {
    }

    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    public static boolean isImageManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }
}
