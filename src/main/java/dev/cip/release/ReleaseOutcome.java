package dev.cip.release;

import java.util.List;

/**
 * What a release did, image by image (parents first).
 *
 * @param images         one outcome per selected image, in the order given
 * @param deletedStaging staging tags removed, as {@code name:tag}
 * @param leftStaging    staging tags of released images left in place (the registry does not delete tags), as
 *                       {@code name:tag}
 * @param dryRun         nothing was written
 */
public record ReleaseOutcome(ReleaseMode mode, List<ImageRelease> images, List<String> deletedStaging,
                             List<String> leftStaging, boolean dryRun) {
    public ReleaseOutcome {
        images = List.copyOf(images);
        deletedStaging = List.copyOf(deletedStaging);
        leftStaging = List.copyOf(leftStaging);
    }

    public List<ImageRelease> with(ImageRelease.Status status) {
        return images.stream().filter(i -> i.status() == status).toList();
    }

    /** The images not released, with their reasons. */
    public List<ImageRelease> notReleased() {
        return images.stream().filter(i -> !i.released()).toList();
    }

    public boolean succeeded() {
        return notReleased().isEmpty();
    }
}
