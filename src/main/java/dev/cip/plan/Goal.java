package dev.cip.plan;

import dev.cip.failure.InvalidSetting;

/** The three goals that build; each decides against its own image store. */
public enum Goal {
    BUILD("build", false), PUBLISH_LOCALLY("publish-locally", true), PUBLISH("publish", true);

    private final String id;
    private final boolean push;

    Goal(String id, boolean push) {
        this.id = id;
        this.push = push;
    }

    public String id() {
        return id;
    }

    /** Whether images go to a registry ({@code --push}) rather than the local store ({@code --load}). */
    public boolean pushes() {
        return push;
    }

    public static Goal fromId(String id) {
        for (Goal g : values()) {
            if (g.id.equals(id)) {
                return g;
            }
        }
        throw new InvalidSetting("'" + id + "' is not a goal that builds; use build, publish-locally or "
                + "publish");
    }
}
