package dev.cip.engine;

import dev.cip.oci.ImageName;
import dev.cip.oci.Tags;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The tags a build pushes or loads an image under: the one place that decides them. */
public final class BuildTags {

    private BuildTags() {
    }

    /** {@code <registry>/<image>:<version>}, and {@code :latest} when {@code tagLatest}. */
    public static List<String> of(String registry, String image, String version, boolean tagLatest) {
        return of(registry, image, version, tagLatest, List.of());
    }

    /** {@code <registry>/<image>:<version>}, {@code :latest} when {@code tagLatest}, then each extra tag. */
    public static List<String> of(String registry, String image, String version, boolean tagLatest,
                                  List<String> extraTags) {
        ImageName atVersion = new ImageName(registry, image, version);
        Set<String> tags = new LinkedHashSet<>();
        tags.add(atVersion.toString());
        if (tagLatest) {
            tags.add(atVersion.withTag(Tags.LATEST).toString());
        }
        extraTags.forEach(extra -> tags.add(atVersion.withTag(extra).toString()));
        return List.copyOf(tags);
    }
}
