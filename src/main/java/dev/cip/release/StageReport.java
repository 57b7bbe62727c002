package dev.cip.release;

import dev.cip.json.Json;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cip.files.AtomicFiles;
import dev.cip.oci.Platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code stage.json}: what a staging run left in the registry, one entry per image and platform, read back from the
 * registry after the push (the staging tag, its digest, the platform manifest's digest) with the fingerprint the image
 * was built with.
 */
public final class StageReport {
    /** The file's name in the report directory. */
    public static final String FILE = "stage.json";

    

    /**
     * One staged platform of one image.
     *
     * @param tag         the staging tag
     * @param tagDigest   the digest the staging tag points at (index or single manifest)
     * @param digest      the platform manifest's digest
     * @param fingerprint the content fingerprint the image was built with, when known
     */
    public record Entry(String image, String version, String platform, String tag, String tagDigest, String digest,
                       Optional<String> fingerprint) {
        public Entry {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(fingerprint, "fingerprint");
        }
    }

    /** An image a staging run pushed. */
    public record Staged(String image, String version, StagingTag tag, Optional<String> fingerprint) {
    }

    /** The file as written: the registry, the shard's platforms, and one line per image and platform. */
    @JsonPropertyOrder({"registry", "platforms", "images"})
    private record StageFile(String registry, List<String> platforms, List<FileImage> images) {
    }

    /** One image and platform in the file; the fingerprint is {@code null} when unknown. */
    @JsonPropertyOrder({"image", "version", "platform", "tag", "tagDigest", "digest", "fingerprint"})
    private record FileImage(String image, String version, String platform, String tag, String tagDigest,
                             String digest, String fingerprint) {
    }

    private StageReport() {
    }

    /** Reads back from the registry what each staged image's tag holds, one entry per platform. */
    public static List<Entry> collect(StagingReader reader, List<Staged> staged) {
        List<Entry> entries = new ArrayList<>();
        for (Staged s : staged) {
            Optional<StagedManifest> m = reader.read(s.image(), s.tag());
            if (m.isEmpty()) {
                continue;
            }
            for (Map.Entry<Platform, StagedManifest.Entry> p : m.get().platforms().entrySet()) {
                entries.add(new Entry(s.image(), s.version(), p.getKey().toString(), s.tag().tag(),
                        m.get().manifest().digest(), p.getValue().digest(), s.fingerprint()));
            }
        }
        return List.copyOf(entries);
    }

    /** Writes {@code <dir>/stage.json} (to a temporary file, then renamed), readable by all like the other reports. */
    public static Path write(Path dir, String registry, List<String> stagePlatforms, List<Entry> entries)
            throws IOException {
        Files.createDirectories(dir);
        List<FileImage> images = entries.stream().map(e -> new FileImage(e.image(), e.version(), e.platform(),
                e.tag(), e.tagDigest(), e.digest(), e.fingerprint().orElse(null))).toList();
        StageFile root = new StageFile(registry, List.copyOf(stagePlatforms), images);
        Path file = dir.resolve(FILE);
        AtomicFiles.write(file, Json.pretty(root) + "\n");
        return file;
    }
}
