package dev.cip.plan;

import java.util.List;
import java.util.Map;

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

    /** How to publish the change of {@code image}, changed without a bump: bump it and cascade to its descendants. */
    default String update(String image) {
        return "bump " + image + "'s :version and cascade the bump to the images built on it";
    }

    /**
     * The strict mode's refusal: the own content of {@code roots} changed, their versions did not; {@code followers}
     * changed with them through a parent.
     */
    default String changedNotBumped(List<String> roots, List<String> followers) {
        return "strict mode: " + Advice.changed(roots, followers) + "; " + update(String.join(", ", roots))
                + ". Nothing was built.";
    }

    /** What changed without a bump, for the strict mode's refusal. */
    static String changed(List<String> roots, List<String> followers) {
        return "the content of " + String.join(", ", roots) + " changed since its version was published"
                + (followers.isEmpty() ? "" : " (and with it, through a parent, " + String.join(", ", followers)
                + ")") + ", but no version was bumped";
    }

    /**
     * Unpinned external bases (image → references): a build can differ between platforms and shards. A warning, and
     * the strict mode's refusal.
     */
    default String unpinnedBases(Map<String, List<String>> images) {
        return "unpinned bases (" + describe(images) + "): two platforms or shards can build on different upstream "
                + "bytes; pin each by the digest of its index (FROM name:tag@sha256:…)";
    }

    /** The strict mode's refusal of unpinned bases. */
    default String strictUnpinned(Map<String, List<String>> images) {
        return "strict mode: " + unpinnedBases(images) + ". Nothing was built.";
    }

    /** How to move pins whose tag moved upstream. */
    default String updateBases() {
        return "update the pin (and bump the images built on it)";
    }

    /** {@code app: debian:12, alpine:3; lib: debian:12}. */
    static String describe(Map<String, List<String>> images) {
        StringBuilder sb = new StringBuilder();
        images.forEach((name, refs) -> sb.append(sb.length() == 0 ? "" : "; ").append(name).append(": ")
                .append(String.join(", ", refs)));
        return sb.toString();
    }
}
