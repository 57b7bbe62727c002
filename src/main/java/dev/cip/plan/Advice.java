package dev.cip.plan;

/**
 * What the plan tells a user to do, in the words of the tool the user runs: the core says it plainly; the Maven
 * adapter names its goals and properties.
 */
public interface Advice {
    /** Plain words, for callers that have no command line of their own. */
    Advice PLAIN = new Advice() {
    };

    /** How to select an image's ancestors too. */
    default String selectAncestors() {
        return "select its ancestors too";
    }

    /** How to point every reference at its parent's current version. */
    default String cascade() {
        return "run the cascade";
    }

    /** The strict mode's refusal: the content of {@code images} changed, their versions did not. */
    default String changedNotBumped(java.util.List<String> images) {
        return "strict mode: the content of " + String.join(", ", images) + " changed since its version was "
                + "published, but the version was not bumped; bump :version in info.edn (or cascade a bump of "
                + "the image). Nothing was built.";
    }
}
