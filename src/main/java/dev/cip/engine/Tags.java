package dev.cip.engine;

import java.util.ArrayList;
import java.util.List;

/** The tags a build pushes or loads an image under: the one place that decides them. */
public final class Tags {
    public static final String LATEST = dev.cip.oci.Tags.LATEST;

    private Tags() {
    }

    /** {@code <registry>/<image>:<version>}, and {@code :latest} when {@code tagLatest}. */
    public static List<String> of(String registry, String image, String version, boolean tagLatest) {
        return of(registry, image, version, tagLatest, List.of());
    }

    /** {@code <registry>/<image>:<version>}, {@code :latest} when {@code tagLatest}, then each extra tag. */
    public static List<String> of(String registry, String image, String version, boolean tagLatest,
                                  List<String> extraTags) {
        List<String> tags = new ArrayList<>();
        tags.add(registry + "/" + image + ":" + version);
        if (tagLatest) {
            tags.add(registry + "/" + image + ":" + LATEST);
        }
        for (String extra : extraTags) {
            String ref = registry + "/" + image + ":" + extra;
            if (!tags.contains(ref)) {
                tags.add(ref);
            }
        }
        return List.copyOf(tags);
    }
}
