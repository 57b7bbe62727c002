package dev.cip.registry.testing;

import dev.cip.registry.RegistryOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cip.registry.Digests;
import dev.cip.registry.MediaTypes;
import dev.cip.oci.Platform;
import dev.cip.registry.RegistryClient;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Pushes small test images through the client: OCI indexes with platform and attestation manifests. */
public final class TestImages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestImages() {
    }

    /**
     * What was pushed.
     *
     * @param digest      the digest of the tagged manifest (index or single)
     * @param manifests   platform (or "attestation") to the child manifest digest
     * @param blobs       every blob digest (configs and layers)
     */
    public record Pushed(String digest, Map<String, String> manifests, List<String> blobs) {
    }

    /** An OCI index with one manifest per platform (config with labels, one layer) and optionally one attestation. */
    public static Pushed pushIndex(RegistryClient c, String registry, String name, String tag,
                                   List<String> platforms, Map<String, String> labels, boolean attestation,
                                   int layerSize) {
        return pushIndex(c, registry, name, tag, platforms, labels, Map.of(), attestation, layerSize);
    }

    /** The same, each platform manifest with {@code annotations} (as {@code manifest:} annotations of buildx). */
    public static Pushed pushIndex(RegistryClient c, String registry, String name, String tag,
                                   List<String> platforms, Map<String, String> labels,
                                   Map<String, String> annotations, boolean attestation, int layerSize) {
        Random random = new Random((name + tag).hashCode());
        ArrayNode entries = JSON.createArrayNode();
        Map<String, String> manifests = new LinkedHashMap<>();
        List<String> blobs = new ArrayList<>();
        for (String p : platforms) {
            Platform platform = Platform.parse(p);
            byte[] layer = randomBytes(random, layerSize);
            String layerDigest = c.pushBlob(registry, name, layer);
            byte[] config = config(platform, labels, layerDigest);
            String configDigest = c.pushBlob(registry, name, config);
            blobs.add(configDigest);
            blobs.add(layerDigest);
            byte[] manifest = annotated(manifest(MediaTypes.OCI_CONFIG, configDigest, config.length,
                    MediaTypes.OCI_LAYER_GZIP, layerDigest, layer.length), annotations);
            String md = c.putManifest(registry, name, Digests.sha256(manifest), MediaTypes.OCI_MANIFEST, manifest);
            manifests.put(p, md);
            ObjectNode e = entries.addObject();
            e.put("mediaType", MediaTypes.OCI_MANIFEST).put("digest", md).put("size", manifest.length);
            ObjectNode pl = e.putObject("platform");
            pl.put("architecture", platform.architecture()).put("os", platform.os());
            if (!platform.variant().isEmpty()) {
                pl.put("variant", platform.variant());
            }
        }
        if (attestation && !manifests.isEmpty()) {
            String subject = manifests.values().iterator().next();
            byte[] statement = ("{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"subject\":\"" + name + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            String stDigest = c.pushBlob(registry, name, statement);
            byte[] config = "{\"architecture\":\"unknown\",\"os\":\"unknown\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                    .getBytes(StandardCharsets.UTF_8);
            String configDigest = c.pushBlob(registry, name, config);
            blobs.add(configDigest);
            blobs.add(stDigest);
            byte[] manifest = manifest(MediaTypes.OCI_CONFIG, configDigest, config.length,
                    "application/vnd.in-toto+json", stDigest, statement.length);
            String md = c.putManifest(registry, name, Digests.sha256(manifest), MediaTypes.OCI_MANIFEST, manifest);
            manifests.put("attestation", md);
            ObjectNode e = entries.addObject();
            e.put("mediaType", MediaTypes.OCI_MANIFEST).put("digest", md).put("size", manifest.length);
            e.putObject("platform").put("architecture", "unknown").put("os", "unknown");
            e.putObject("annotations").put("vnd.docker.reference.digest", subject)
                    .put("vnd.docker.reference.type", "attestation-manifest");
        }
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
        index.set("manifests", entries);
        byte[] bytes = bytes(index);
        String digest = c.putManifest(registry, name, tag, MediaTypes.OCI_INDEX, bytes);
        return new Pushed(digest, manifests, blobs);
    }

    /** A single Docker v2 manifest (no index) for one platform. */
    public static Pushed pushSingle(RegistryClient c, String registry, String name, String tag, String platform,
                                    Map<String, String> labels, int layerSize) {
        Random random = new Random((name + tag).hashCode());
        byte[] layer = randomBytes(random, layerSize);
        String layerDigest = c.pushBlob(registry, name, layer);
        byte[] config = config(Platform.parse(platform), labels, layerDigest);
        String configDigest = c.pushBlob(registry, name, config);
        byte[] manifest = manifest(MediaTypes.DOCKER_CONFIG, configDigest, config.length,
                MediaTypes.DOCKER_LAYER_GZIP, layerDigest, layer.length, MediaTypes.DOCKER_MANIFEST);
        String digest = c.putManifest(registry, name, tag, MediaTypes.DOCKER_MANIFEST, manifest);
        return new Pushed(digest, Map.of(platform, digest), List.of(configDigest, layerDigest));
    }

    private static byte[] annotated(byte[] manifest, Map<String, String> annotations) {
        if (annotations.isEmpty()) {
            return manifest;
        }
        try {
            ObjectNode m = (ObjectNode) JSON.readTree(manifest);
            ObjectNode a = m.putObject("annotations");
            annotations.forEach(a::put);
            return bytes(m);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A repository namespace of its own for one test, so tests share registries without cleaning up. */
    public static String namespace(String prefix) {
        return prefix + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A client that retries quickly, for tests that provoke failures. */
    public static RegistryClient quickRetryClient() {
        return new RegistryClient(RegistryOptions.defaults()
                .withRetryDelays(java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(50)));
    }

    public static byte[] randomBytes(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    static byte[] config(Platform p, Map<String, String> labels, String layerDigest) {
        ObjectNode n = JSON.createObjectNode();
        n.put("architecture", p.architecture()).put("os", p.os());
        if (!p.variant().isEmpty()) {
            n.put("variant", p.variant());
        }
        ObjectNode cfg = n.putObject("config");
        ObjectNode l = cfg.putObject("Labels");
        labels.forEach(l::put);
        ObjectNode rootfs = n.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(layerDigest);
        return bytes(n);
    }

    static byte[] manifest(String configType, String configDigest, long configSize, String layerType,
                           String layerDigest, long layerSize) {
        return manifest(configType, configDigest, configSize, layerType, layerDigest, layerSize,
                MediaTypes.OCI_MANIFEST);
    }

    static byte[] manifest(String configType, String configDigest, long configSize, String layerType,
                           String layerDigest, long layerSize, String mediaType) {
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2).put("mediaType", mediaType);
        m.putObject("config").put("mediaType", configType).put("digest", configDigest).put("size", configSize);
        m.putArray("layers").addObject().put("mediaType", layerType).put("digest", layerDigest)
                .put("size", layerSize);
        return bytes(m);
    }

    static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
