package dev.cip.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.cip.json.Json;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cip.concurrent.Background;
import dev.cip.files.AtomicFiles;
import dev.cip.oci.Platform;
import dev.cip.plan.StoredImage;
import dev.cip.registry.Digests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What cip has read of the published images of one registry, keyed by manifest digest: platforms and fingerprint. A
 * digest names immutable content, so an entry never goes stale; with it, an image that is already published costs
 * one manifest request per plan instead of two or three. Kept in one JSON file per registry ({@link #fileName}),
 * replaced atomically; a missing or unreadable file is an empty cache. Thread-safe.
 *
 * <p>{@link #loading} reads the file on a thread of its own, so that a run's start (reading the project) does not
 * wait for it nor for the JSON mapper's first use (a few hundred classes); the first use of the cache waits for the
 * read, and {@link #save} (which every owner calls at the end) waits for that thread to end.
 */
public final class SummaryCache {
    /** Entries kept at most; the oldest go first. */
    static final int LIMIT = 20_000;
    private static final int FORMAT = 1;
    /** The file of every registry's entries, before one file per registry. */
    static final String SHARED_FILE = "registry-summaries.json";

    private final Path file;
    /** The entries being read, until {@link #save} ends the reader. */
    private Background<Map<String, StoredImage>> reading;
    private Map<String, StoredImage> entries;
    private boolean changed;

    private SummaryCache(Path file, Map<String, StoredImage> entries) {
        this.file = file;
        this.entries = entries;
    }

    private SummaryCache(Path file, Background<Map<String, StoredImage>> reading) {
        this.file = file;
        this.reading = reading;
    }

    /**
     * The file name of {@code registry}'s cache: the registry made safe for a file name, and a hash of it, so that
     * two registries never share a file ({@code localhost_5000_team-1a2b3c4d5e6f.json}).
     */
    public static String fileName(String registry) {
        String safe = registry.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > 80) {
            safe = safe.substring(0, 80);
        }
        return safe + "-" + Digests.sha256(registry.getBytes(StandardCharsets.UTF_8)).substring("sha256:".length(),
                "sha256:".length() + 12) + ".json";
    }

    /**
     * Removes the one file all registries shared before the caches were kept per registry
     * ({@code registry-summaries.json} beside {@code dir}): nothing reads it any more, and it could have grown to
     * megabytes. Best effort: a file that cannot be removed is left.
     */
    public static void removeSharedFileBeside(Path dir) {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent == null) {
            return;
        }
        try {
            Files.deleteIfExists(parent.resolve(SHARED_FILE));
        } catch (IOException e) {
            // only disk space is at stake
        }
    }

    /** A cache that remembers nothing across runs. */
    public static SummaryCache none() {
        return new SummaryCache(null, new LinkedHashMap<>());
    }

    /** {@code file}, read in the background (see the class comment); anything unreadable is an empty cache. */
    public static SummaryCache loading(Path file) {
        return new SummaryCache(file, Background.start("cip-summary-cache", () -> read(file)));
    }

    /** The file: entries by {@code registry/name@digest}, oldest first. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CacheFile(int format, Map<String, Entry> entries) {
    }

    /** What was read of one published image. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(List<String> platforms, String fingerprint) {
    }

    /** Loads {@code file}; anything unreadable there counts as an empty cache. */
    public static SummaryCache load(Path file) {
        return new SummaryCache(file, read(file));
    }

    private static Map<String, StoredImage> read(Path file) {
        Map<String, StoredImage> entries = new LinkedHashMap<>();
        try {
            if (Files.isRegularFile(file)) {
                CacheFile read = Json.mapper().readValue(file.toFile(), CacheFile.class);
                if (read != null && read.format() == FORMAT && read.entries() != null) {
                    read.entries().forEach((key, e) -> {
                        Set<Platform> platforms = new TreeSet<>();
                        if (e.platforms() != null) {
                            e.platforms().forEach(p -> platforms.add(Platform.parseAny(p)));
                        }
                        entries.put(key, new StoredImage(platforms, Optional.ofNullable(e.fingerprint())));
                    });
                }
            }
        } catch (IOException | RuntimeException e) {
            entries.clear(); // a damaged cache is only a slower plan
        }
        return entries;
    }

    /** The entries, once read: waits for the reader (a file read; an interrupt is kept for the caller to see). */
    private Map<String, StoredImage> entries() {
        boolean interrupted = false;
        while (entries == null) {
            try {
                entries = reading.join();
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (IOException | RuntimeException e) {
                entries = new LinkedHashMap<>(); // read() catches what it can; anything else: an empty cache
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return entries;
    }

    public synchronized Optional<StoredImage> get(String registry, String name, String digest) {
        return Optional.ofNullable(entries().get(key(registry, name, digest)));
    }

    public synchronized void put(String registry, String name, String digest, StoredImage stored) {
        StoredImage image = stored.withoutDigest(); // the key is the digest
        String key = key(registry, name, digest);
        if (!image.equals(entries().get(key))) {
            entries().remove(key);
            entries().put(key, image);
            changed = true;
        }
    }

    /**
     * Writes the cache back when it changed; failures only cost speed next time, so they are not errors. When the
     * file was read in the background, the reader's thread has ended when this returns.
     */
    public synchronized void save() {
        entries();
        if (reading != null) {
            reading.close();
            reading = null;
        }
        if (file == null || !changed) {
            return;
        }
        List<Map.Entry<String, StoredImage>> all = new ArrayList<>(entries.entrySet());
        List<Map.Entry<String, StoredImage>> kept = all.subList(Math.max(0, all.size() - LIMIT), all.size());
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Map.Entry<String, StoredImage> e : kept) {
            out.put(e.getKey(), new Entry(new TreeSet<>(e.getValue().platforms()).stream().map(Platform::toString)
                    .toList(), e.getValue().fingerprint().orElse(null)));
        }
        ObjectMapper json = Json.mapper();
        try {
            AtomicFiles.write(file, json.writeValueAsString(new CacheFile(FORMAT, out)));
            changed = false;
        } catch (IOException e) {
            // Not worth failing a build over.
        }
    }

    synchronized Map<String, StoredImage> snapshot() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(entries()));
    }

    private static String key(String registry, String name, String digest) {
        return registry + "/" + name + "@" + digest;
    }
}
