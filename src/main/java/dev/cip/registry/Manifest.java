package dev.cip.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cip.oci.Platform;
import dev.cip.json.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed manifest: an index (manifest list) with its {@link #entries()}, or an image manifest with its
 * {@link #config()} and {@link #layers()}.
 *
 * @param mediaType   the media type (from the document, else from {@code Content-Type})
 * @param digest      the digest of {@link #raw()} (verified against the registry's {@code Docker-Content-Digest})
 * @param raw         the exact bytes (a copy is handed out)
 * @param entries     index entries; empty for an image manifest
 * @param config      the config descriptor; null for an index
 * @param layers      layer descriptors; empty for an index
 * @param annotations top-level annotations
 */
public record Manifest(String mediaType, String digest, byte[] raw, List<Descriptor> entries, Descriptor config,
                       List<Descriptor> layers, Map<String, String> annotations) {

    /** {@code type/subtype} as RFC 6838 restricts them (so it can go into a {@code Content-Type} again). */
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

    public Manifest {
        raw = raw.clone();
        entries = List.copyOf(entries);
        layers = List.copyOf(layers);
        annotations = Map.copyOf(annotations);
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    public boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }

    /**
     * True for an attestation manifest on its own (BuildKit's provenance or SBOM: an image manifest whose layers are
     * all in-toto statements): what an image says about itself, never an image to run, build on or release.
     */
    public boolean isAttestation() {
        return !isIndex() && !layers.isEmpty()
                && layers.stream().allMatch(l -> MediaTypes.IN_TOTO.equals(l.mediaType()));
    }

    /** Index entries that are platform images, not attestations. */
    public List<Descriptor> platformEntries() {
        return entries.stream().filter(d -> !d.attestation()).toList();
    }

    /** Config and layers, for an image manifest. */
    public List<Descriptor> blobs() {
        List<Descriptor> all = new ArrayList<>();
        if (config != null) {
            all.add(config);
        }
        all.addAll(layers);
        return List.copyOf(all);
    }

    /**
     * Parses manifest bytes.
     *
     * @param raw         the bytes
     * @param contentType the {@code Content-Type} the registry sent (may be null)
     * @param digest      the digest of the bytes
     * @throws IllegalArgumentException when the bytes are not a manifest
     */
    public static Manifest parse(byte[] raw, String contentType, String digest) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(raw);
        } catch (IOException e) {
            throw new IllegalArgumentException("manifest is not JSON: " + ExternalText.clean(
                    e instanceof JsonProcessingException j ? j.getOriginalMessage()
                            : e.getMessage()),
                    e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("manifest is not a JSON object");
        }
        String mediaType = text(root, "mediaType");
        if (mediaType == null || mediaType.isEmpty()) {
            mediaType = contentType;
        }
        if (mediaType == null || (!MediaTypes.isIndex(mediaType) && !MediaTypes.isImageManifest(mediaType))) {
            if (root.has("manifests")) {
                mediaType = MediaTypes.OCI_INDEX;
            } else if (root.has("config") && root.has("layers")) {
                mediaType = MediaTypes.OCI_MANIFEST;
            } else if (mediaType == null) {
                throw new IllegalArgumentException("manifest has no media type");
            }
        }
        if (!MEDIA_TYPE.matcher(mediaType).matches()) {
            throw new IllegalArgumentException("manifest media type '" + ExternalText.clean(mediaType, 80)
                    + "' is not a media type");
        }
        List<Descriptor> entries = new ArrayList<>();
        List<Descriptor> layers = new ArrayList<>();
        Descriptor config = null;
        if (root.has("manifests")) {
            for (JsonNode n : root.get("manifests")) {
                entries.add(descriptor(n));
            }
        } else {
            if (root.hasNonNull("config")) {
                config = descriptor(root.get("config"));
            }
            if (root.has("layers")) {
                for (JsonNode n : root.get("layers")) {
                    layers.add(descriptor(n));
                }
            }
        }
        return new Manifest(mediaType, digest, Arrays.copyOf(raw, raw.length), entries, config, layers,
                stringMap(root.get("annotations")));
    }

    static Descriptor descriptor(JsonNode n) {
        String digest = text(n, "digest");
        if (digest == null) {
            throw new IllegalArgumentException("a descriptor has no digest");
        }
        if (!Digests.isSupported(digest)) {
            throw new IllegalArgumentException("descriptor digest " + Digests.unsupportedReason(digest));
        }
        Platform platform = null;
        JsonNode p = n.get("platform");
        if (p != null && p.isObject()) {
            platform = new Platform(text(p, "os"), text(p, "architecture"), text(p, "variant"));
        }
        List<String> urls = new ArrayList<>();
        if (n.has("urls")) {
            n.get("urls").forEach(u -> urls.add(u.asText()));
        }
        return new Descriptor(text(n, "mediaType"), digest, n.path("size").asLong(-1), platform,
                stringMap(n.get("annotations")), urls);
    }

    /** The string fields of a JSON object ({@code annotations}, config {@code Labels}); empty otherwise. */
    public static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m && m.digest.equals(digest) && Arrays.equals(m.raw, raw);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "Manifest[" + mediaType + " " + digest + ", " + raw.length + " bytes, "
                + (isIndex() ? entries.size() + " entries" : layers.size() + " layers") + "]";
    }
}
