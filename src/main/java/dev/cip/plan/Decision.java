package dev.cip.plan;

/** What the plan does with one image, and why. */
public sealed interface Decision permits Decision.Skip, Decision.Build, Decision.Release, Decision.Blocked {

    String reason();

    /** The upper-case label shown in tables and reports. */
    String label();

    /** Present where it is needed, with every required platform. */
    record Skip(String reason) implements Decision {
        @Override
        public String label() {
            return "SKIP";
        }
    }

    /** Missing, or missing platforms. */
    record Build(String reason) implements Decision {
        @Override
        public String label() {
            return "BUILD";
        }
    }

    /**
     * Not released, but staged (pushed under staging tags by earlier runs) with every required platform: nothing to
     * build, only the release tags to write.
     */
    record Release(String reason) implements Decision {
        @Override
        public String label() {
            return "RELEASE";
        }
    }

    /** Cannot be built: a parent it needs is missing, blocked or failed. */
    record Blocked(String reason) implements Decision {
        @Override
        public String label() {
            return "BLOCKED";
        }
    }
}
