package dev.cip.context;

import dev.cip.oci.Platform;
import dev.cip.oci.Tags;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a context's {@code info.edn} says about its image.
 *
 * @param version     the image tag
 * @param platforms   platforms replacing the default ones for this image, when given (normalised, sorted)
 * @param buildArgs   extra {@code --build-arg}s for this image, in file order
 * @param unknownKeys keys cip does not know (kept untouched, warned about once), in file order
 * @param tags        extra tags ({@code :tags}) released with the version and {@code latest}, in file order
 */
public record ImageInfo(String version, Optional<List<Platform>> platforms, Map<String, String> buildArgs,
                        Set<String> unknownKeys, List<String> tags) {

    public ImageInfo {
        platforms = platforms.map(List::copyOf);
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        unknownKeys = Collections.unmodifiableSet(new LinkedHashSet<>(unknownKeys));
        tags = List.copyOf(tags);
    }

    public ImageInfo(String version, Optional<List<Platform>> platforms, Map<String, String> buildArgs,
                     Set<String> unknownKeys) {
        this(version, platforms, buildArgs, unknownKeys, List.of());
    }

    /** The same image at another version, everything else kept. */
    public ImageInfo withVersion(String newVersion) {
        return new ImageInfo(newVersion, platforms, buildArgs, unknownKeys, tags);
    }

    /**
     * The tags written besides {@code <version>} and {@code latest}: this image's {@code :tags}, then
     * {@code runTags}, each once, leaving out the version itself and {@code latest} (written or not by their own
     * rule).
     */
    public List<String> extraTags(List<String> runTags) {
        Set<String> out = new LinkedHashSet<>(tags);
        out.addAll(runTags);
        out.remove(version);
        out.remove(Tags.LATEST);
        return List.copyOf(out);
    }
}
