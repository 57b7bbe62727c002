package dev.cip.registry;

import dev.cip.oci.Platform;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A content descriptor: an index entry, a config or a layer.
 *
 * @param mediaType   the media type
 * @param digest      {@code sha256:…}
 * @param size        the size in bytes
 * @param platform    the platform of an index entry; null where there is none
 * @param annotations annotations (never null)
 * @param urls        external URLs of a foreign layer (never null)
 */
public record Descriptor(String mediaType, String digest, long size, Platform platform,
                         Map<String, String> annotations, List<String> urls) {

    /** The annotation buildx puts on attestation manifests. */
    public static final String REFERENCE_TYPE = "vnd.docker.reference.type";

    public Descriptor {
        Objects.requireNonNull(digest, "digest");
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        urls = urls == null ? List.of() : List.copyOf(urls);
    }

    public Descriptor(String mediaType, String digest, long size) {
        this(mediaType, digest, size, null, Map.of(), List.of());
    }

    /**
     * True for an attestation manifest in an index: annotation {@code vnd.docker.reference.type} =
     * {@code attestation-manifest}, or platform {@code unknown/unknown}.
     */
    public boolean attestation() {
        return "attestation-manifest".equals(annotations.get(REFERENCE_TYPE))
                || (platform != null && platform.isUnknown());
    }

    /** True for a layer stored elsewhere (foreign / non-distributable with URLs): never copied. */
    public boolean foreign() {
        return !urls.isEmpty() && mediaType != null
                && (mediaType.contains("foreign") || mediaType.contains("nondistributable"));
    }
}
