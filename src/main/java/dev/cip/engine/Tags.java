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
        List<String> tags = new ArrayList<>();
        tags.add(registry + "/" + image + ":" + version);
        if (tagLatest) {
            tags.add(registry + "/" + image + ":" + LATEST);
        }
        return List.copyOf(tags);
    }
}
