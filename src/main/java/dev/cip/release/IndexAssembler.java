package dev.cip.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cip.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cip.registry.Digests;
import dev.cip.registry.MediaTypes;
import dev.cip.oci.Platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Puts together the multi-platform index of a release from what is staged, without any registry access:
 * <ul>
 *   <li>a staged manifest that holds exactly the wanted platforms is released as it is (its exact bytes, so a
 *       one-machine publish gives the digest its build produced);</li>
 *   <li>otherwise a new OCI index lists, per wanted platform (sorted), the staged descriptor as it was staged, then
 *       the attestation descriptors of those manifests. Each platform comes from the staging tag with the fewest
 *       platforms that has it (a shard's own tag first), ties broken by tag. Same input, same bytes.</li>
 * </ul>
 */
final class IndexAssembler {

    private IndexAssembler() {
    }

    /** The result: an index to release, or the platforms nothing is staged for. */
    sealed interface Assembly permits Assembled, Missing {
    }

    /**
     * An index to release.
     *
     * @param manifests every manifest it refers to (platform manifests and attestations), digest to size
     * @param fromTags  the staging tags it was made from
     * @param reused    the bytes of a staged manifest, unchanged
     * @param sources   each platform's manifest as staged, with the tag it was taken from
     */
    record Assembled(String mediaType, byte[] bytes, String digest, List<String> platforms,
                     Map<String, Long> manifests, List<String> fromTags, boolean reused, List<Source> sources)
            implements Assembly {
        Assembled {
            bytes = bytes.clone();
            platforms = List.copyOf(platforms);
            manifests = Collections.unmodifiableMap(new LinkedHashMap<>(manifests));
            fromTags = List.copyOf(fromTags);
            sources = List.copyOf(sources);
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /** One platform of an assembled index: its manifest digest and the staging tag it was taken from. */
    record Source(Platform platform, String digest, String tag) {
    }

    /**
     * @param missing the wanted platforms nothing is staged for
     * @param staged  the platforms that are staged
     */
    record Missing(List<String> missing, List<String> staged) implements Assembly {
        Missing {
            missing = List.copyOf(missing);
            staged = List.copyOf(staged);
        }
    }

    /**
     * @param wanted the platforms the release must hold ({@code os/arch[/variant]}); empty: every staged platform
     */
    static Assembly assemble(List<String> wanted, List<StagedManifest> staged) {
        TreeSet<String> stagedPlatforms = new TreeSet<>();
        staged.forEach(s -> s.platforms().keySet().forEach(p -> stagedPlatforms.add(p.toString())));
        TreeSet<String> want = new TreeSet<>();
        wanted.forEach(p -> want.add(Platform.parse(p).toString()));
        if (want.isEmpty()) {
            want.addAll(stagedPlatforms);
        }
        List<String> missing = want.stream().filter(p -> !stagedPlatforms.contains(p)).toList();
        if (want.isEmpty() || !missing.isEmpty()) {
            return new Missing(want.isEmpty() ? List.of("any platform") : missing, List.copyOf(stagedPlatforms));
        }
        List<StagedManifest> byWidth = new ArrayList<>(staged);
        byWidth.sort(Comparator.<StagedManifest>comparingInt(s -> s.platforms().size())
                .thenComparing(s -> s.tag().tag()));
        for (StagedManifest s : byWidth) {
            Set<String> has = new TreeSet<>();
            s.platforms().keySet().forEach(p -> has.add(p.toString()));
            if (has.equals(want)) {
                return reuse(s);
            }
        }
        ArrayNode platformEntries = Json.mapper().createArrayNode();
        ArrayNode attestationEntries = Json.mapper().createArrayNode();
        Map<String, Long> manifests = new LinkedHashMap<>();
        Set<String> fromTags = new LinkedHashSet<>();
        List<Source> sources = new ArrayList<>();
        for (String p : want) {
            Platform platform = Platform.parseAny(p);
            StagedManifest from = byWidth.stream().filter(s -> s.platforms().containsKey(platform)).findFirst()
                    .orElseThrow();
            StagedManifest.Entry e = from.platforms().get(platform);
            platformEntries.add(e.descriptor());
            manifests.put(e.digest(), e.size());
            for (JsonNode a : e.attestations()) {
                attestationEntries.add(a);
                manifests.put(a.path("digest").asText(), a.path("size").asLong(-1));
            }
            fromTags.add(from.tag().tag());
            sources.add(new Source(platform, e.digest(), from.tag().tag()));
        }
        ObjectNode index = Json.mapper().createObjectNode();
        index.put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode all = index.putArray("manifests");
        all.addAll(platformEntries);
        all.addAll(attestationEntries);
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(index);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new Assembled(MediaTypes.OCI_INDEX, bytes, Digests.sha256(bytes), List.copyOf(want), manifests,
                List.copyOf(fromTags), false, sources);
    }

    private static Assembled reuse(StagedManifest s) {
        Map<String, Long> manifests = new LinkedHashMap<>();
        List<String> platforms = new ArrayList<>();
        if (s.manifest().isIndex()) {
            s.platforms().forEach((p, e) -> {
                manifests.put(e.digest(), e.size());
                e.attestations().forEach(a -> manifests.put(a.path("digest").asText(), a.path("size").asLong(-1)));
            });
        }
        s.platforms().keySet().forEach(p -> platforms.add(p.toString()));
        platforms.sort(null);
        List<Source> sources = s.platforms().entrySet().stream()
                .map(e -> new Source(e.getKey(), e.getValue().digest(), s.tag().tag())).toList();
        return new Assembled(s.manifest().mediaType(), s.manifest().raw(), s.manifest().digest(), platforms,
                manifests, List.of(s.tag().tag()), true, sources);
    }
}
