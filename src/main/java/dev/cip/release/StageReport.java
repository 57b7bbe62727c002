package dev.cip.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
        ObjectNode root = JSON.createObjectNode();
        root.put("registry", registry);
        ArrayNode platforms = root.putArray("platforms");
        stagePlatforms.forEach(platforms::add);
        ArrayNode images = root.putArray("images");
        for (Entry e : entries) {
            ObjectNode n = images.addObject();
            n.put("image", e.image());
            n.put("version", e.version());
            n.put("platform", e.platform());
            n.put("tag", e.tag());
            n.put("tagDigest", e.tagDigest());
            n.put("digest", e.digest());
            e.fingerprint().ifPresentOrElse(f -> n.put("fingerprint", f), () -> n.putNull("fingerprint"));
        }
        Path file = dir.resolve(FILE);
        AtomicFiles.write(file, JSON.writeValueAsString(root) + "\n");
        return file;
    }
}
