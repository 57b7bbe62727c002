package dev.cip.release;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cip.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cip.plan.StagedPlatform;
import dev.cip.registry.Descriptor;
import dev.cip.registry.ImageSummary;
import dev.cip.registry.Manifest;
import dev.cip.registry.ManifestHead;
import dev.cip.oci.Platform;
import dev.cip.store.PublishedImageReader;
import dev.cip.registry.RegistryAddress;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.RegistryException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads from a registry what is staged for an image version: its staging tags ({@code /tags/list}) and what each
 * points at. Only tags that parse as staging tags of exactly that version count; nothing else is ever read as staged.
 *
 * <p>A staging tag that holds a lone attestation manifest holds no image and is not staged. That is what a push cut
 * short leaves: with Docker's own {@code docker} driver, buildx pushes each image twice, BuildKit's push (the index by
 * tag, its manifests by digest) and then {@code docker push} of the same tag, and Docker 26 (containerd store) puts
 * every manifest of the image under the tag in turn, its platform and attestation manifests first, the index last. A
 * run stopped in between (a kill, Ctrl-C, a failed request) leaves the tag on one of them. Built on, an attestation
 * manifest fails in BuildKit ({@code no processor for media-type} {@code application/vnd.in-toto+json}); so the image
 * is built again instead.
 */
public final class StagingReader {

    private final RegistryClient client;
    private final String registry;

    public StagingReader(RegistryClient client, String registry) {
        this.client = Objects.requireNonNull(client, "client");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    public String registry() {
        return registry;
    }

    /** The staging tags of {@code name} for {@code version}, sorted (one {@code /tags/list}, paged). */
    public List<StagingTag> stagingTags(String name, String version) {
        return client.tags(registry, name).stream().map(StagingTag::parse).flatMap(Optional::stream)
                .filter(t -> t.stages(version)).sorted(Comparator.comparing(StagingTag::tag)).toList();
    }

    /**
     * The platforms staged under each staging tag of {@code version}, from the tag names (a hashed tag is read).
     * One tag listing, plus one manifest read per hashed tag.
     */
    public Map<StagingTag, List<Platform>> platformsByTag(String name, String version) {
        Map<StagingTag, List<Platform>> out = new LinkedHashMap<>();
        for (StagingTag tag : stagingTags(name, version)) {
            // The tag list is not taken at its word: each listed tag is confirmed by a manifest read.
            if (tag.hashed()) {
                Manifest m = client.manifest(registry, name, tag.tag()).orElseThrow(() -> listedButMissing(name, tag));
                if (!m.isAttestation()) {
                    out.put(tag, List.copyOf(new TreeSet<>(staged(name, tag, m).platforms().keySet())));
                }
            } else {
                ManifestHead head = client.head(registry, name, tag.tag())
                        .orElseThrow(() -> listedButMissing(name, tag));
                // an index is an image; a lone manifest is read to tell an image from an attestation
                if (head.isIndex() || client.manifest(registry, name, tag.tag()).filter(Manifest::isAttestation)
                        .isEmpty()) {
                    out.put(tag, tag.platforms());
                }
            }
        }
        return out;
    }

    /** A tag the registry lists whose manifest it does not have: an inconsistent registry, said so. */
    private RegistryException listedButMissing(String name, StagingTag tag) {
        RegistryAddress reg = RegistryAddress.parse(registry);
        return new RegistryException(RegistryException.Kind.INVALID, reg.host(), reg.repository(name), 404,
                "registry " + reg.host() + " is inconsistent: it lists the staging tag " + tag.tag() + " of "
                        + reg.repository(name) + ", but its manifest answers 404; cip does not plan or release on "
                        + "a tag it cannot read (try again later; if it persists, check the registry's storage and "
                        + "caches, or delete the tag)");
    }

    /**
     * A staged image to build on or to skip: the staging tag of {@code version} whose platforms include every one of
     * {@code platforms} (exactly those first, else the one with the fewest), with the digest it points at now.
     *
     * @param platforms the platforms needed; empty: any staging tag
     */
    public Optional<Pinned> covering(String name, String version, List<Platform> platforms) {
        List<Map.Entry<StagingTag, List<Platform>>> candidates = new ArrayList<>(platformsByTag(name, version)
                .entrySet().stream().filter(e -> e.getValue().containsAll(platforms)).toList());
        candidates.sort(Comparator.<Map.Entry<StagingTag, List<Platform>>>comparingInt(
                e -> e.getValue().size()).thenComparing(e -> e.getKey().tag()));
        for (Map.Entry<StagingTag, List<Platform>> c : candidates) {
            Optional<String> digest = client.head(registry, name, c.getKey().tag()).map(h -> h.digest());
            if (digest.isPresent()) {
                return Optional.of(new Pinned(c.getKey(), digest.get(), c.getValue()));
            }
        }
        return Optional.empty();
    }

    /**
     * Stages (when {@code write}) and returns a staged image a child can be built on in one solve, for
     * {@code platforms}: the staging tag that holds them all
     * ({@link #covering}), or else, when shards staged them under separate tags, one index assembled from those tags
     * (as a release would assemble it: the staged descriptors, by digest) and staged under the tag of exactly those
     * platforms. The release later finds that tag holding exactly the wanted platforms and releases its bytes as they
     * are, so the child is built on the very index its parent is released as.
     *
     * @param write stage the assembled index; false (a plan or dry run) only computes its digest
     */
    public Optional<Pinned> stagePin(String name, String version, List<Platform> platforms, boolean write) {
        Optional<Pinned> covering = covering(name, version, platforms);
        if (covering.isPresent() || platforms.isEmpty()) {
            return covering;
        }
        IndexAssembler.Assembly result = IndexAssembler.assemble(platforms.stream().map(Platform::toString).toList(),
                read(name, version));
        if (!(result instanceof IndexAssembler.Assembled a)) {
            return Optional.empty();
        }
        StagingTag tag = StagingTag.of(version, a.platforms());
        if (write) {
            client.putManifest(registry, name, tag.tag(), a.mediaType(), a.bytes());
        }
        return Optional.of(new Pinned(tag, a.digest(), platforms));
    }

    /**
     * A staging tag and the digest it pointed at when it was read.
     *
     * @param platforms the platforms it holds
     */
    public record Pinned(StagingTag tag, String digest, List<Platform> platforms) {
        public Pinned {
            platforms = List.copyOf(platforms);
        }
    }

    /**
     * The content fingerprint recorded on a staged platform manifest (its config's label), empty when it carries
     * none or is gone.
     */
    public Optional<String> fingerprint(String name, String manifestDigest) {
        return PublishedImageReader.inspect(client, registry, name, manifestDigest)
                .flatMap(s -> Optional.ofNullable(s.fingerprint()));
    }

    /** Every platform manifest staged for {@code version}, with its fingerprint. */
    public List<StagedPlatform> content(String name, String version) {
        List<StagedPlatform> out = new ArrayList<>();
        for (StagedManifest s : read(name, version)) {
            s.platforms().forEach((platform, entry) -> out.add(new StagedPlatform(s.tag().tag(),
                    platform, fingerprint(name, entry.digest()))));
        }
        return List.copyOf(out);
    }

    /** What each staging tag of {@code version} holds; a tag removed meanwhile is left out. */
    public List<StagedManifest> read(String name, String version) {
        List<StagedManifest> staged = new ArrayList<>();
        for (StagingTag tag : stagingTags(name, version)) {
            read(name, tag).ifPresent(staged::add);
        }
        return List.copyOf(staged);
    }

    /** What one staging tag holds, or empty when it is gone or holds no image (a lone attestation manifest). */
    public Optional<StagedManifest> read(String name, StagingTag tag) {
        return client.manifest(registry, name, tag.tag()).filter(m -> !m.isAttestation())
                .map(m -> staged(name, tag, m));
    }

    private StagedManifest staged(String name, StagingTag tag, Manifest m) {
        Map<Platform, StagedManifest.Entry> platforms = new LinkedHashMap<>();
        if (m.isIndex()) {
            JsonNode entries = tree(name, m).path("manifests");
            List<Descriptor> parsed = m.entries();
            if (entries.size() != parsed.size()) {
                throw invalid(name, tag.tag() + " (" + m.digest() + ") could not be read entry by entry");
            }
            List<Integer> attestations = new ArrayList<>();
            List<Integer> images = new ArrayList<>();
            for (int i = 0; i < parsed.size(); i++) {
                Descriptor d = parsed.get(i);
                if (d.attestation()) {
                    attestations.add(i);
                } else if (d.platform() != null) {
                    images.add(i);
                }
            }
            for (int i : images) {
                Descriptor d = parsed.get(i);
                List<JsonNode> own = attestations.stream()
                        .filter(a -> d.digest().equals(parsed.get(a).annotations()
                                .get(StagedManifest.REFERENCE_DIGEST)))
                        .map(entries::get).toList();
                if (platforms.putIfAbsent(d.platform(),
                        new StagedManifest.Entry(entries.get(i), d.digest(), d.size(), own)) != null) {
                    throw invalid(name, tag.tag() + " lists platform " + d.platform() + " twice");
                }
            }
        } else {
            // A single manifest: its platform is in its config.
            ImageSummary summary = PublishedImageReader.inspect(client, registry, name, m.digest()).orElseThrow(() ->
                    invalid(name, tag.tag() + " (" + m.digest() + ") disappeared while it was read"));
            if (summary.platforms().size() != 1) {
                throw invalid(name, tag.tag() + " is a single manifest whose config names no platform");
            }
            Platform p = Platform.parseAny(summary.platforms().iterator().next());
            ObjectNode d = Json.mapper().createObjectNode();
            d.put("mediaType", m.mediaType()).put("digest", m.digest()).put("size", m.raw().length);
            ObjectNode pl = d.putObject("platform");
            pl.put("architecture", p.architecture()).put("os", p.os());
            if (!p.variant().isEmpty()) {
                pl.put("variant", p.variant());
            }
            platforms.put(p, new StagedManifest.Entry(d, m.digest(), m.raw().length, List.of()));
        }
        return new StagedManifest(tag, m, platforms);
    }

    private JsonNode tree(String name, Manifest m) {
        try {
            return Json.mapper().readTree(m.raw());
        } catch (IOException e) {
            throw invalid(name, m.digest() + " is not JSON");
        }
    }

    private RegistryException invalid(String name, String what) {
        RegistryAddress reg = RegistryAddress.parse(registry);
        return new RegistryException(RegistryException.Kind.INVALID, reg.host(), reg.repository(name), 200,
                "staged image " + reg.repository(name) + " on registry " + reg.host() + ": " + what);
    }
}
