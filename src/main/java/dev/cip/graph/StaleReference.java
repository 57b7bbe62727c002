package dev.cip.graph;

import java.nio.file.Path;

/**
 * A child that refers to another version of a project image than the parent's current one.
 */
public record StaleReference(String child, String parent, String referencedVersion, String currentVersion,
                             Path dockerfile, int line) {
    /** Where it is and what it uses, with no advice. */
    public String describe() {
        return describe("run the cascade");
    }

    /** Where it is and what it uses, then {@code advice} (how to cascade, in the words of the user's tool). */
    public String describe(String advice) {
        return dockerfile + ":" + line + ": " + child + " uses " + parent + ":" + referencedVersion + " but "
                + parent + " is at " + currentVersion + "; " + advice;
    }
}
