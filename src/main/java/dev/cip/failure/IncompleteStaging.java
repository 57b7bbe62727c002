package dev.cip.failure;

import java.util.List;

/**
 * An image is staged by earlier runs, but not for every platform a run needs of it (a child built on it, a stage
 * run's platforms): the missing platforms must be staged first. Nothing was built.
 */
public final class IncompleteStaging extends UserFailure {
    private static final long serialVersionUID = 1L;

    private final String image;
    private final List<String> wanted;

    /** @param wanted the platforms needed of {@code image}, as {@code os/arch[/variant]} */
    public IncompleteStaging(String image, List<String> wanted, String message) {
        super(message, null);
        this.image = image;
        this.wanted = List.copyOf(wanted);
    }

    /** The image staged incompletely, {@code name version}. */
    public String image() {
        return image;
    }

    public List<String> wanted() {
        return wanted;
    }
}
