package dev.cip.graph;

/**
 * A child that refers to another version of a project image than the parent's current one.
 */
public record StaleReference(String child, String parent, String referencedVersion, String currentVersion,
                             java.nio.file.Path dockerfile, int line) {
    public String describe() {
        return dockerfile + ":" + line + ": " + child + " uses " + parent + ":" + referencedVersion + " but "
                + parent + " is at " + currentVersion + "; run mvn cip:cascade";
    }
}
