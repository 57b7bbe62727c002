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

    /**
     * Unpinned external bases (image → references): a build can differ between platforms and shards. A warning, and
     * the strict mode's refusal.
     */
    default String unpinnedBases(java.util.Map<String, java.util.List<String>> images) {
        return "unpinned bases (" + describe(images) + "): two platforms or shards can build on different upstream "
                + "bytes; pin each by the digest of its index (FROM name:tag@sha256:…)";
    }

    /** The strict mode's refusal of unpinned bases. */
    default String strictUnpinned(java.util.Map<String, java.util.List<String>> images) {
        return "strict mode: " + unpinnedBases(images) + ". Nothing was built.";
    }

    /** How to move pins whose tag moved upstream. */
    default String updateBases() {
        return "update the pin (and bump the images built on it)";
    }

    /** {@code app: debian:12, alpine:3; lib: debian:12}. */
    static String describe(java.util.Map<String, java.util.List<String>> images) {
        StringBuilder sb = new StringBuilder();
        images.forEach((name, refs) -> sb.append(sb.length() == 0 ? "" : "; ").append(name).append(": ")
                .append(String.join(", ", refs)));
        return sb.toString();
    }
}
