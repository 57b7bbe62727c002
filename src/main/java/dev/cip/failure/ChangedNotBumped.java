package dev.cip.failure;

import java.util.List;

/**
 * Strict mode: images whose content changed since their version was published, though the version was not bumped.
 * Nothing was built.
 */
public final class ChangedNotBumped extends UserFailure {
    private static final long serialVersionUID = 1L;

    private final List<String> roots;
    private final List<String> followers;

    /**
     * @param roots     the images whose own content changed
     * @param followers the images that changed with them through a parent
     * @param message   the refusal in the words of the tool the user runs
     */
    public ChangedNotBumped(List<String> roots, List<String> followers, String message) {
        super(message, null);
        this.roots = List.copyOf(roots);
        this.followers = List.copyOf(followers);
    }

    public List<String> roots() {
        return roots;
    }

    public List<String> followers() {
        return followers;
    }
}
