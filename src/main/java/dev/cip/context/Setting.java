package dev.cip.context;

/**
 * A setting of a run that a core message can point to, named by what it means. The core says
 * {@link #neutralName()}; the adapter cip runs in gives each setting the name its users type (a property, a flag).
 */
public enum Setting {
    /** The directory that holds {@code contexts/}. */
    PROJECT_DIR("the project directory"),
    /** How much a cascade raises each changed image. */
    BUMP("the bump level"),
    /** The image a cascade raises first. */
    BUMP_IMAGE("the image to bump"),
    /** Build arguments given to every build of the run. */
    BUILD_ARGS("the build arguments"),
    /** Whether {@code cip:update} pins external references that have no digest yet. */
    PIN_UNPINNED("pinning unpinned bases");

    private final String neutralName;

    Setting(String neutralName) {
        this.neutralName = neutralName;
    }

    /** How a message names the setting when no adapter names it, e.g. {@code "the bump level"}. */
    public String neutralName() {
        return neutralName;
    }
}
