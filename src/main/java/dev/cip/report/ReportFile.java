package dev.cip.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * {@code report.json}: what one run of a build goal decided and did. Fields that do not apply are left out.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}; raised when a field changes meaning or goes away
 * @param goal          {@code build}, {@code publish-locally}, {@code publish} or {@code release}
 * @param registry      the registry the images are tagged under
 * @param status        {@link Status}: how the run ended
 * @param finishedAt    when the report was written (ISO-8601)
 * @param error         why the run failed before building, when it did
 * @param totals        the images by outcome
 * @param images        one entry per selected image, parents first
 * @param warnings      the plan's warnings
 * @param goalStart     when the goal started (ISO-8601)
 * @param solveStart    when the build engine's first solve started, when it ran
 * @param trace         where the run's time went: its spans ({@link Trace}), the goal's {@code total} last
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportFile(int schemaVersion, String goal, String registry, Status status, String finishedAt,
                         String error, Totals totals, List<Image> images, List<String> warnings, String goalStart,
                         String solveStart, List<Trace.Span> trace) {

    public static final int SCHEMA_VERSION = 1;

    public ReportFile {
        images = images == null ? List.of() : List.copyOf(images);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        trace = trace == null ? null : List.copyOf(trace);
    }

    public ReportFile(int schemaVersion, String goal, String registry, Status status, String finishedAt,
                      String error, Totals totals, List<Image> images, List<String> warnings, String goalStart,
                      String solveStart) {
        this(schemaVersion, goal, registry, status, finishedAt, error, totals, images, warnings, goalStart,
                solveStart, null);
    }

    /** This report with the run's trace. */
    public ReportFile withTrace(List<Trace.Span> spans) {
        return new ReportFile(schemaVersion, goal, registry, status, finishedAt, error, totals, images, warnings,
                goalStart, solveStart, spans);
    }

    public ReportFile(int schemaVersion, String goal, String registry, Status status, String finishedAt,
                      String error, Totals totals, List<Image> images, List<String> warnings) {
        this(schemaVersion, goal, registry, status, finishedAt, error, totals, images, warnings, null, null, null);
    }

    /** How a run ended. */
    public enum Status {
        /** Every selected image is present (built now or before). */
        SUCCEEDED,
        /** A build failed, an image is blocked or was not started, or the run stopped before building. */
        FAILED,
        /** Only planned ({@code cip:plan}, {@code cip.dryRun}): nothing was built. */
        PLANNED
    }

    /** The images of a run by outcome. */
    public record Totals(int images, int built, int skipped, int released, int failed, int blocked, int notStarted,
                         int toBuild) {
    }

    /**
     * One image.
     *
     * @param reference {@code registry/name:version}, with {@code @digest} when known: the pushed digest of a built
     *                  image, the digest the plan saw for a skipped one
     * @param decision  the outcome: DONE, FAILED, BLOCKED, NOT_STARTED, SKIP (or the plan's BUILD when only planned);
     *                  of a release, its status: RELEASED, UNCHANGED, HELD, MISSING_PLATFORMS, FAILED, BLOCKED,
     *                  CONFLICT (RELEASE when only checked)
     * @param planned   the plan's decision
     * @param bases     its external bases ({@link PlanFile.Base})
     * @param staging   of a release: the staging tags the index was assembled from
     * @param written   of a release: the tags it wrote
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Image(String name, String version, String reference, String decision, String planned,
                        String reason, List<String> platforms, String fingerprint, String digest, String start,
                        String end, Long durationMillis, Integer attempts, Integer exitCode, String log,
                        Boolean released, List<PlanFile.Base> bases, List<String> staging, List<String> written) {
        public Image {
            bases = bases == null ? List.of() : List.copyOf(bases);
        }

        /** An image of a build run (no staging tags or written tags of its own). */
        public Image(String name, String version, String reference, String decision, String planned,
                     String reason, List<String> platforms, String fingerprint, String digest, String start,
                     String end, Long durationMillis, Integer attempts, Integer exitCode, String log,
                     Boolean released) {
            this(name, version, reference, decision, planned, reason, platforms, fingerprint, digest, start, end,
                    durationMillis, attempts, exitCode, log, released, List.of(), null, null);
        }

        /** An image named {@code name} at {@code version}, every other field set by name on the builder. */
        public static Builder builder(String name, String version) {
            return new Builder(name, version);
        }
    }

    /** Builds an {@link Image} field by field; a field not set is left out of the file. */
    public static final class Builder {
        private final String name;
        private final String version;
        private String reference;
        private String decision;
        private String planned;
        private String reason;
        private List<String> platforms;
        private String fingerprint;
        private String digest;
        private String start;
        private String end;
        private Long durationMillis;
        private Integer attempts;
        private Integer exitCode;
        private String log;
        private Boolean released;
        private List<PlanFile.Base> bases = List.of();
        private List<String> staging;
        private List<String> written;

        private Builder(String name, String version) {
            this.name = name;
            this.version = version;
        }

        public Builder reference(String reference) {
            this.reference = reference;
            return this;
        }

        public Builder decision(String decision) {
            this.decision = decision;
            return this;
        }

        public Builder planned(String planned) {
            this.planned = planned;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder platforms(List<String> platforms) {
            this.platforms = platforms;
            return this;
        }

        public Builder fingerprint(String fingerprint) {
            this.fingerprint = fingerprint;
            return this;
        }

        public Builder digest(String digest) {
            this.digest = digest;
            return this;
        }

        /** When its build started and ended (ISO-8601) and how long it took. */
        public Builder timing(String start, String end, Long durationMillis) {
            this.start = start;
            this.end = end;
            this.durationMillis = durationMillis;
            return this;
        }

        /** How many times it was solved, the exit code of the bake that failed it, and its log. */
        public Builder build(Integer attempts, Integer exitCode, String log) {
            this.attempts = attempts;
            this.exitCode = exitCode;
            this.log = log;
            return this;
        }

        public Builder released(Boolean released) {
            this.released = released;
            return this;
        }

        public Builder bases(List<PlanFile.Base> bases) {
            this.bases = bases;
            return this;
        }

        /** Of a release: the staging tags the index was assembled from, and the tags it wrote. */
        public Builder release(List<String> staging, List<String> written) {
            this.staging = staging;
            this.written = written;
            return this;
        }

        public Image build() {
            return new Image(name, version, reference, decision, planned, reason, platforms, fingerprint, digest,
                    start, end, durationMillis, attempts, exitCode, log, released, bases, staging, written);
        }
    }

    /** One line for the end of a goal: built / skipped / released / failed / blocked and the wall time. */
    public String oneLine(java.time.Duration wall) {
        return oneLine(goal, wall);
    }

    /**
     * The same, naming the goal that ran when it is not the one planned for (e.g. {@code cip plan (for publish)}).
     */
    public String oneLine(String ranGoal, java.time.Duration wall) {
        String who = ranGoal.equals(goal) ? goal : ranGoal + " (for " + goal + ")";
        return "cip " + who + " " + status.name() + ": " + counts() + ", in " + Durations.seconds(wall);
    }

    /** The totals in words: built / skipped / released / failed / blocked (to build, when only planned). */
    public String counts() {
        if (status == Status.PLANNED) {
            return totals.images() + " planned: " + totals.toBuild() + " to build, " + totals.skipped() + " skipped, "
                    + totals.blocked() + " blocked";
        }
        return totals.built() + " built, " + totals.skipped() + " skipped, " + totals.released() + " released, "
                + totals.failed() + " failed, " + totals.blocked() + " blocked"
                + (totals.notStarted() > 0 ? ", " + totals.notStarted() + " not started" : "");
    }
}
