package dev.cip.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cip.concurrent.Parallel;
import dev.cip.files.AtomicFiles;
import dev.cip.json.Json;
import dev.cip.oci.Platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The builder facts of earlier runs ({@code docker buildx inspect} and the provenance probe), kept in cip's cache
 * directory by {@link DockerIdentity}: a run whose builder, engine and CLI are what they were starts no docker
 * program before its bake. An entry is used for {@link #MAX_AGE} at most (what the identity cannot see, such as a
 * remote node replaced, is bounded by that), and only when every node of the builder reported its platforms (a
 * stopped node reports none until it starts). A missing, damaged or foreign file is an empty cache; failing to write
 * it only costs the probes next time.
 */
public final class DockerFactsCache {
    /** How long an entry is trusted. */
    static final Duration MAX_AGE = Duration.ofHours(24);
    /** Entries kept (one per builder, context and CLI seen); the oldest go first. */
    static final int LIMIT = 32;
    /** A file larger than this is not cip's: it is ignored. */
    static final long MAX_FILE_SIZE = 256 * 1024;
    private static final int FORMAT = 1;

    /** The two probes, each a docker program. */
    public interface Probes {
        BuilderInfo builder() throws IOException, InterruptedException;

        boolean supportsProvenance() throws IOException, InterruptedException;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CacheFile(int format, Map<String, Entry> entries) {
    }

    /** One builder's facts: {@code provenance} null when no run needed the probe yet. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(String checkedAt, Boolean provenance, Builder builder) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Builder(String name, String driver, List<Node> nodes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Node(String name, String status, List<String> platforms) {
    }

    private final Optional<Path> file;

    private DockerFactsCache(Optional<Path> file) {
        this.file = file;
    }

    /** Probes every time. */
    public static DockerFactsCache none() {
        return new DockerFactsCache(Optional.empty());
    }

    /** Facts kept in {@code file} (created with its directory when first written). */
    public static DockerFactsCache in(Path file) {
        return new DockerFactsCache(Optional.of(file));
    }

    /**
     * The facts for a run with {@code provenance} (a {@link ProvenanceProbe#SETTINGS} value) and {@code sbom}: from
     * the cache when {@code identity} is known there and the entry is fresh, otherwise from the probes (side by side),
     * remembered for the next run.
     */
    public DockerFacts facts(Supplier<String> identity, String provenance, boolean sbom, Probes probes)
            throws IOException, InterruptedException {
        boolean needsProbe = ProvenanceProbe.needsProbe(provenance);
        if (file.isEmpty()) {
            Probed probed = probe(probes, true, needsProbe);
            return new DockerFacts(ProvenanceProbe.attestations(provenance, sbom, probed.provenance), probed.builder);
        }
        String key = identity.get();
        Map<String, Entry> entries = load(file.get());
        Optional<Entry> known = Optional.ofNullable(entries.get(key)).filter(DockerFactsCache::fresh);
        Optional<BuilderInfo> builder = known.flatMap(e -> builder(e.builder()));
        Optional<Boolean> supports = known.map(Entry::provenance);
        if (builder.isPresent() && (!needsProbe || supports.isPresent())) {
            return new DockerFacts(ProvenanceProbe.attestations(provenance, sbom, supports.orElse(false)),
                    builder.get());
        }
        Probed probed = probe(probes, builder.isEmpty(), needsProbe && supports.isEmpty());
        BuilderInfo seen = builder.orElse(probed.builder);
        Boolean provenanceSeen = supports.isPresent() ? supports.get() : needsProbe ? probed.provenance : null;
        if (cacheable(seen)) {
            String checkedAt = builder.isPresent() ? known.get().checkedAt() : Instant.now().toString();
            entries.remove(key);
            entries.put(key, new Entry(checkedAt, provenanceSeen, entry(seen)));
            save(file.get(), entries);
        }
        return new DockerFacts(ProvenanceProbe.attestations(provenance, sbom,
                provenanceSeen != null && provenanceSeen), seen);
    }

    /** What the probes said; a field is unset when its probe was not asked. */
    private record Probed(BuilderInfo builder, boolean provenance) {
    }

    private static Probed probe(Probes probes, boolean builder, boolean provenance)
            throws IOException, InterruptedException {
        AtomicReference<BuilderInfo> builderSeen = new AtomicReference<>();
        AtomicReference<Boolean> provenanceSeen = new AtomicReference<>(false);
        List<DockerCall> calls = new ArrayList<>();
        if (builder) {
            calls.add(() -> builderSeen.set(probes.builder()));
        }
        if (provenance) {
            calls.add(() -> provenanceSeen.set(probes.supportsProvenance()));
        }
        try {
            Parallel.forEach("cip-docker-probe", 2, calls, call -> {
                try {
                    call.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }, () -> { });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Probed(builderSeen.get(), provenanceSeen.get());
    }

    /** A docker program started before the solve. */
    @FunctionalInterface
    private interface DockerCall {
        void run() throws IOException, InterruptedException;
    }

    /** Only a builder whose every node reported its platforms: a node not started yet reports none. */
    static boolean cacheable(BuilderInfo builder) {
        return builder != null && !builder.nodes().isEmpty()
                && builder.nodes().stream().allMatch(n -> !n.platforms().isEmpty());
    }

    private static boolean fresh(Entry e) {
        try {
            Instant at = Instant.parse(e.checkedAt());
            Instant now = Instant.now();
            return !at.isAfter(now) && Duration.between(at, now).compareTo(MAX_AGE) < 0;
        } catch (RuntimeException bad) {
            return false;
        }
    }

    private static Optional<BuilderInfo> builder(Builder b) {
        try {
            List<BuilderInfo.Node> nodes = new ArrayList<>();
            for (Node n : b.nodes()) {
                nodes.add(new BuilderInfo.Node(n.name(), n.status(), n.platforms().stream().map(Platform::parseAny)
                        .toList()));
            }
            BuilderInfo info = new BuilderInfo(b.name(), b.driver(), nodes);
            return cacheable(info) && b.name() != null && b.driver() != null ? Optional.of(info) : Optional.empty();
        } catch (RuntimeException bad) {
            return Optional.empty(); // a damaged entry: probe again
        }
    }

    private static Builder entry(BuilderInfo b) {
        return new Builder(b.name(), b.driver(), b.nodes().stream().map(n -> new Node(n.name(), n.status(),
                n.platforms().stream().map(Platform::toString).toList())).toList());
    }

    /** The entries of {@code file}, oldest first; anything unreadable is an empty cache. */
    static Map<String, Entry> load(Path file) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try {
            if (Files.isRegularFile(file) && Files.size(file) <= MAX_FILE_SIZE) {
                CacheFile read = Json.mapper().readValue(file.toFile(), CacheFile.class);
                if (read != null && read.format() == FORMAT && read.entries() != null) {
                    read.entries().forEach((k, v) -> {
                        if (k != null && v != null) {
                            entries.put(k, v);
                        }
                    });
                }
            }
        } catch (IOException | RuntimeException e) {
            entries.clear(); // a damaged cache only costs the probes
        }
        return entries;
    }

    private static void save(Path file, Map<String, Entry> entries) {
        List<Map.Entry<String, Entry>> all = new ArrayList<>(entries.entrySet());
        Map<String, Entry> kept = new LinkedHashMap<>();
        all.subList(Math.max(0, all.size() - LIMIT), all.size()).forEach(e -> kept.put(e.getKey(), e.getValue()));
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            AtomicFiles.write(file, Json.mapper().writeValueAsString(new CacheFile(FORMAT, kept)));
        } catch (IOException | RuntimeException e) {
            // not worth failing a build over: the next run probes again
        }
    }
}
