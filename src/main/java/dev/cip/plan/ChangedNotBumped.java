package dev.cip.plan;

import java.util.List;

/**
 * Strict mode: images whose content changed since their version was published, though the version was not
 * bumped. Nothing was built.
 */
public final class ChangedNotBumped extends IllegalArgumentException {
    private final List<String> roots;
    private final List<String> followers;

    /**
     * @param roots     the images whose own content changed
     * @param followers the images that changed with them through a parent
     */
    public ChangedNotBumped(List<String> roots, List<String> followers) {
        this(roots, followers, Advice.PLAIN);
    }

    /** @param advice words the refusal for the tool the user runs ({@link Advice#changedNotBumped}) */
    public ChangedNotBumped(List<String> roots, List<String> followers, Advice advice) {
        super(advice.changedNotBumped(roots, followers));
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
