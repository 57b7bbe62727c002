package dev.cip.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cip.json.Json;

import dev.cip.registry.Descriptor;
import dev.cip.registry.ImageSummary;
import dev.cip.registry.Manifest;
import dev.cip.registry.MediaTypes;
import dev.cip.oci.Labels;
import dev.cip.oci.Platform;
import dev.cip.plan.StoredImage;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.RegistryException;
import dev.cip.registry.RepositoryClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what the planner needs of a published image: digest, platforms (attestations ignored; for a single
 * manifest, read from its config) and the config labels of one platform image.
 */
public final class PublishedImageReader {

    private PublishedImageReader() {
    }

    /** The summary of {@code name:reference} in {@code registry}; empty when the tag does not exist. */
    public static Optional<ImageSummary> inspect(RegistryClient client, String registry, String name,
                                                 String reference) {
        RepositoryClient repo = client.at(registry, name);
        Optional<Manifest> top = repo.manifest(reference);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        Manifest m = top.get();
        List<String> platforms = new ArrayList<>();
        Map<String, String> labels = Map.of();
        if (m.isIndex()) {
            Descriptor first = null;
            for (Descriptor d : m.platformEntries()) {
                if (d.platform() != null) {
                    platforms.add(d.platform().toString());
                }
                if (first == null && MediaTypes.isImageManifest(d.mediaType())) {
                    first = d;
                }
            }
            if (first != null) {
                Optional<Manifest> child = repo.manifest(first.digest());
                if (child.isPresent() && child.get().config() != null) {
                    labels = config(client, repo, child.get().config()).labels();
                }
            }
        } else if (m.config() != null) {
            ConfigInfo info = config(client, repo, m.config());
            if (info.platform() != null) {
                platforms.add(info.platform().toString());
            }
            labels = info.labels();
        }
        return Optional.of(new ImageSummary(m.digest(), m.mediaType(), Set.copyOf(platforms), labels,
                m.annotations()));
    }

    /**
     * What the planner needs of an image whose top manifest is {@code top}: its platforms and fingerprint, in as few
     * reads as the image allows. For an index, the platforms are its entries' and the fingerprint is the annotation
     * cip puts on each platform manifest it pushes (one read); the config is read only for images without it. For a
     * single manifest, its config (platform and labels). Empty when the index names a platform manifest the
     * registry does not serve.
     */
    static Optional<StoredImage> forPlan(RegistryClient client, RepositoryClient repo, Manifest top) {
        if (!top.isIndex()) {
            if (top.config() == null) {
                return Optional.of(new StoredImage(Set.of(), Optional.ofNullable(top.annotations()
                        .get(Labels.FINGERPRINT))));
            }
            ConfigInfo info = config(client, repo, top.config());
            return Optional.of(new StoredImage(info.platform() == null ? Set.of()
                            : Set.of(Platform.parseAny(info.platform().toString())),
                    Optional.ofNullable(info.labels().get(Labels.FINGERPRINT))
                            .or(() -> Optional.ofNullable(top.annotations().get(Labels.FINGERPRINT)))));
        }
        Set<Platform> platforms = new HashSet<>();
        Descriptor first = null;
        for (Descriptor d : top.platformEntries()) {
            if (d.platform() != null) {
                platforms.add(Platform.parseAny(d.platform().toString()));
            }
            if (first == null && MediaTypes.isImageManifest(d.mediaType())) {
                first = d;
            }
        }
        Optional<String> fingerprint = Optional.ofNullable(top.annotations().get(Labels.FINGERPRINT));
        if (fingerprint.isEmpty() && first != null) {
            Optional<Manifest> child = repo.manifest(first.digest());
            if (child.isEmpty()) {
                return Optional.empty();
            }
            fingerprint = Optional.ofNullable(child.get().annotations().get(Labels.FINGERPRINT));
            if (fingerprint.isEmpty() && child.get().config() != null) {
                fingerprint = Optional.ofNullable(config(client, repo, child.get().config()).labels()
                        .get(Labels.FINGERPRINT));
            }
        }
        return Optional.of(new StoredImage(platforms, fingerprint));
    }

    private record ConfigInfo(Platform platform, Map<String, String> labels) {
    }

    private static ConfigInfo config(RegistryClient client, RepositoryClient repo, Descriptor config) {
        if (config.mediaType() != null && !config.mediaType().equals(MediaTypes.OCI_CONFIG)
                && !config.mediaType().equals(MediaTypes.DOCKER_CONFIG)) {
            return new ConfigInfo(null, Map.of());
        }
        long cap = client.options().limits().config();
        byte[] bytes = repo.blob(config.digest(), config.size() >= 0 ? Math.min(config.size(), cap) : cap);
        try {
            JsonNode n = Json.mapper().readTree(bytes);
            Platform p = n.hasNonNull("architecture") && n.hasNonNull("os")
                    ? new Platform(n.get("os").asText(), n.get("architecture").asText(),
                    n.path("variant").asText(""))
                    : null;
            return new ConfigInfo(p, Manifest.stringMap(n.path("config").get("Labels")));
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Kind.INVALID, repo.host(), repo.repository(), 200,
                    "image config " + config.digest() + " of " + repo.repository() + " on " + repo.host()
                            + " is not JSON");
        }
    }
}
