package dev.cip.release;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cip.registry.Manifest;
import dev.cip.oci.Platform;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one staging tag holds: the manifest it points at and, per platform, the platform manifest's descriptor with
 * the descriptors of its attestation manifests (buildx's {@code unknown/unknown} entries whose annotation
 * {@code vnd.docker.reference.digest} names the platform manifest).
 *
 * @param tag       the staging tag
 * @param manifest  the index or single manifest it points at
 * @param platforms per platform, in the index's order
 */
public record StagedManifest(StagingTag tag, Manifest manifest, Map<Platform, Entry> platforms) {

    /** The annotation that ties an attestation manifest to the manifest it is about. */
    public static final String REFERENCE_DIGEST = "vnd.docker.reference.digest";

    public StagedManifest {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(manifest, "manifest");
        platforms = Collections.unmodifiableMap(new LinkedHashMap<>(platforms));
    }

    /**
     * One platform's manifest as an index entry.
     *
     * @param descriptor   the index entry exactly as staged (all its fields)
     * @param digest       the platform manifest's digest
     * @param size         its size
     * @param attestations the index entries of its attestation manifests, as staged
     */
    public record Entry(JsonNode descriptor, String digest, long size, List<JsonNode> attestations) {
        public Entry {
            descriptor = descriptor.deepCopy();
            attestations = attestations.stream().<JsonNode>map(JsonNode::deepCopy).toList();
        }

        /** The digests of every attestation manifest. */
        public List<String> attestationDigests() {
            return attestations.stream().map(a -> a.path("digest").asText()).toList();
        }
    }
}
