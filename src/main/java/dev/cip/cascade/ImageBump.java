package dev.cip.cascade;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One image whose version cascade raises.
 *
 * @param image      the image name
 * @param infoFile   its info.edn
 * @param oldVersion the version before
 * @param newVersion the version after
 * @param level      the level it was raised by
 * @param requested  whether it was named as the image to bump (rather than raised because a parent changed)
 * @param parents    the parents whose references changed, in name order
 */
public record ImageBump(String image, Path infoFile, String oldVersion, String newVersion, BumpLevel level,
                        boolean requested, List<ParentChange> parents) {
    public ImageBump {
        parents = List.copyOf(parents);
    }

    /** {@link #describe(String)}, a requested image saying {@code (requested, <level>)}. */
    public String describe() {
        return describe("requested");
    }

    /**
     * The console line, e.g. {@code java-dev 1.4.2 → 1.4.3 (base-dev 2.0.0 → 2.0.1)}, or for a requested image
     * {@code debian-slim 12.1.0 → 12.2.0 (<requestedBy>, minor)}.
     *
     * @param requestedBy what names the request of a requested image, e.g. the name of the setting that names it
     */
    public String describe(String requestedBy) {
        List<String> why = new ArrayList<>();
        if (requested) {
            why.add(requestedBy + ", " + level);
        }
        parents.forEach(p -> why.add(p.toString()));
        if (oldVersion.equals(newVersion)) {
            return image + " " + oldVersion + " kept, already raised since the last commit (" + String.join(", ", why)
                    + ")";
        }
        return image + " " + oldVersion + " → " + newVersion + " (" + String.join(", ", why) + ")";
    }
}
