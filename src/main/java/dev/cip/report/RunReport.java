package dev.cip.report;

import dev.cip.context.InvalidProjectException;
import dev.cip.context.Problem;
import dev.cip.json.Json;
import dev.cip.files.AtomicFiles;
import dev.cip.graph.ImageGraph;
import dev.cip.oci.ImageName;
import dev.cip.oci.Platform;
import dev.cip.plan.Decision;
import dev.cip.plan.Goal;
import dev.cip.plan.ImagePlan;
import dev.cip.plan.Plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes what a run decided and did: {@code plan.json}, {@code report.json}, {@code summary.md}, {@code graph.dot}
 * and {@code graph.mmd}, bound to the records {@link PlanFile} and {@link ReportFile}. Each file is written to a
 * temporary file and renamed, so no reader sees half of one. A run first {@link #clear}s the reports of the previous
 * one, and writes its own however it ends: {@link #writeRun} after building, {@link #writePlanned} when it only
 * planned, {@link #writeFailed} when it stopped before building.
 */
public final class RunReport {
    /** The reports this class writes. */
    public static final List<String> FILES = List.of("plan.json", "report.json", "summary.md", "graph.dot",
            "graph.mmd");

    /**
     * Every file any cip goal leaves in the report directory besides {@link #FILES}: the bake definition and
     * BuildKit's metadata of each solve ({@code bake-metadata*.json}), a shard's {@code stage.json}, the cascade's
     * dry-run diff, the GitLab dotenv file, and the per-image logs in {@code logs/}.
     */
    public static final List<String> OTHER_FILES = List.of("bake.json", "stage.json", "cascade.diff",
            CiOutputs.DOTENV);

    /** The directory of the build logs ({@code <image>.log}) in the report directory. */
    public static final String LOGS = "logs";

    /**
     * Refuses, before a run writes or removes anything in {@code dir}, a symbolic link in place of one of its reports
     * ({@link #FILES}, {@link CiOutputs#DOTENV}) or of {@link #LOGS}: a link pointing outside would make the run
     * overwrite or delete files there.
     *
     * @throws InvalidProjectException naming the first link found
     */
    public static void refuseLinks(Path dir) {
        List<String> names = new ArrayList<>(FILES);
        names.add(CiOutputs.DOTENV);
        names.add(LOGS);
        for (String name : names) {
            refuseLink(dir.resolve(name));
        }
    }

    /**
     * Refuses a symbolic link at {@code file}, a file cip writes in its report directory.
     *
     * @throws InvalidProjectException naming it
     */
    public static void refuseLink(Path file) {
        if (Files.isSymbolicLink(file)) {
            throw new InvalidProjectException(Problem.at(file, "is a symbolic link; cip writes its reports only as"
                    + " plain files and directories and never through a link. Remove it (cip recreates it)"));
        }
    }

    /**
     * Removes every file an earlier run of any goal left in {@code dir} (see {@link #FILES}, {@link #OTHER_FILES},
     * {@code bake-metadata*.json}, {@code logs/*.log}), so that none can be mistaken for this run's. Files cip does
     * not write are left alone: the report directory may be shared.
     */
    public static void clear(Path dir) throws IOException {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        for (String f : FILES) {
            Files.deleteIfExists(dir.resolve(f));
        }
        for (String f : OTHER_FILES) {
            Files.deleteIfExists(dir.resolve(f));
        }
        deleteMatching(dir, "bake-metadata*.json");
        Path logs = dir.resolve(LOGS);
        if (Files.isDirectory(logs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            deleteMatching(logs, "*.log");
            try (java.util.stream.Stream<Path> left = Files.list(logs)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(logs);
                }
            }
        }
    }

    private static void deleteMatching(Path dir, String glob) throws IOException {
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            for (Path f : files) {
                if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(f);
                }
            }
        }
    }

    public void writePlan(Path dir, Plan plan, ImageGraph graph) throws IOException {
        Files.createDirectories(dir);
        List<PlanFile.Image> images = new ArrayList<>();
        for (ImagePlan i : plan.images()) {
            images.add(new PlanFile.Image(i.name(), i.version(), i.decision().label(), i.decision().reason(),
                    platforms(i), List.copyOf(graph.parents(i.name())), i.fingerprint().orElse(null),
                    i.publishedDigest().orElse(null), PlanTable.entries(i.bases())));
        }
        PlanFile file = new PlanFile(ReportFile.SCHEMA_VERSION, plan.goal().id(), plan.registry(), plan.store(),
                images, plan.warnings());
        write(dir.resolve("plan.json"), Json.pretty(file) + "\n");
        write(dir.resolve("graph.dot"), GraphRenderer.dot(graph, Optional.of(plan)));
        write(dir.resolve("graph.mmd"), GraphRenderer.mermaid(graph, Optional.of(plan)));
    }

    /** Writes {@code report.json} and {@code summary.md} after a run. */
    public void writeRun(Path dir, Plan plan, Map<String, BuildResult> results) throws IOException {
        writeRun(dir, plan, results, Set.of());
    }

    /**
     * Writes {@code report.json} and {@code summary.md} after a run.
     *
     * @param released the images whose release tags this run moved
     */
    public void writeRun(Path dir, Plan plan, Map<String, BuildResult> results, Set<String> released)
            throws IOException {
        write(dir, plan, results, digestsUnknown(released), Set.of(), false, null, null, Optional.empty());
    }

    /**
     * As {@link #writeRun(Path, Plan, Map, Set)}, with when the goal started and when the engine's first solve
     * started (none when nothing was built).
     */
    public void writeRun(Path dir, Plan plan, Map<String, BuildResult> results, Set<String> released,
                         Instant goalStart, Optional<Instant> solveStart) throws IOException {
        write(dir, plan, results, digestsUnknown(released), Set.of(), false, null, goalStart, solveStart);
    }

    /**
     * A pushing run that released at its end.
     *
     * @param released    each image whose release tags this run wrote, with the digest they point at
     * @param notReleased the images it was to release and did not (the run failed)
     */
    public void writeRun(Path dir, Plan plan, Map<String, BuildResult> results, Map<String, String> released,
                         Set<String> notReleased, Instant goalStart, Optional<Instant> solveStart)
            throws IOException {
        write(dir, plan, results, released, notReleased, false, null, goalStart, solveStart);
    }

    private static Map<String, String> digestsUnknown(Set<String> released) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        released.forEach(name -> out.put(name, ""));
        return out;
    }

    /** Writes {@code report.json} and {@code summary.md} of a run that only planned (status PLANNED). */
    public void writePlanned(Path dir, Plan plan) throws IOException {
        write(dir, plan, Map.of(), Map.of(), Set.of(), true, null, null, Optional.empty());
    }

    /**
     * Writes {@code report.json} and {@code summary.md} of a run that stopped before building (status FAILED), with
     * the images of this run's {@code plan.json} when it got that far.
     */
    public void writeFailed(Path dir, Goal goal, String registry, String error) throws IOException {
        Files.createDirectories(dir);
        Path planFile = dir.resolve("plan.json");
        PlanFile plan = Files.isRegularFile(planFile) ? Json.mapper().readValue(planFile.toFile(), PlanFile.class) : null;
        List<ReportFile.Image> images = new ArrayList<>();
        List<String[]> md = new ArrayList<>();
        int skipped = 0;
        int blocked = 0;
        int toBuild = 0;
        if (plan != null) {
            for (PlanFile.Image i : plan.images()) {
                String ref = new ImageName(registry, i.name(), i.version())
                        .reference(Optional.ofNullable(i.publishedDigest()));
                String decision = i.decision().equals("BUILD") ? "NOT_STARTED" : i.decision();
                images.add(new ReportFile.Image(i.name(), i.version(), ref, decision, i.decision(), i.reason(),
                        i.platforms(), i.fingerprint(), i.publishedDigest(), null, null, null, null, null, null,
                        null, i.bases(), null, null));
                md.add(new String[]{i.name(), i.version(), decision, Tables.cell(i.reason()),
                        PlanTable.platformList(i.platforms()), shortDigest(i.publishedDigest()), ""});
                switch (i.decision()) {
                    case "SKIP" -> skipped++;
                    case "BLOCKED" -> blocked++;
                    default -> toBuild++;
                }
            }
        }
        ReportFile.Totals totals = new ReportFile.Totals(images.size(), 0, skipped, 0, 0, blocked, toBuild, toBuild);
        List<String> warnings = plan == null ? List.of() : plan.warnings();
        ReportFile file = new ReportFile(ReportFile.SCHEMA_VERSION, goal.id(), registry, ReportFile.Status.FAILED,
                Instant.now().toString(), error, totals, images, warnings);
        write(dir.resolve("report.json"), Json.pretty(file) + "\n");
        write(dir.resolve("summary.md"), summary(file, md));
    }

    /**
     * Adds the run's trace to the {@code report.json} in {@code dir} (rewritten whole): the trace ends when the
     * reports are written, so it is added last.
     *
     * @return the report as written
     */
    public static ReportFile addTrace(Path dir, List<Trace.Span> spans) throws IOException {
        ReportFile traced = Json.mapper().readValue(dir.resolve("report.json").toFile(), ReportFile.class)
                .withTrace(spans);
        write(dir.resolve("report.json"), Json.pretty(traced) + "\n");
        return traced;
    }

    /** Reads {@code report.json} from {@code dir}. */
    public ReportFile read(Path dir) throws IOException {
        return Json.mapper().readValue(dir.resolve("report.json").toFile(), ReportFile.class);
    }

    private void write(Path dir, Plan plan, Map<String, BuildResult> results, Map<String, String> released,
                       Set<String> notReleased, boolean plannedOnly, String error, Instant goalStart, Optional<Instant> solveStart)
            throws IOException {
        Files.createDirectories(dir);
        List<ReportFile.Image> images = new ArrayList<>();
        List<String[]> md = new ArrayList<>();
        int built = 0;
        int skipped = 0;
        int failed = 0;
        int blocked = 0;
        int notStarted = 0;
        int toBuild = 0;
        for (ImagePlan i : plan.images()) {
            BuildResult r = results.get(i.name());
            String decision = outcome(i, r);
            String reason = r != null && r.blockedBy().isPresent() ? "parent " + r.blockedBy().get() + " failed"
                    : i.decision().reason();
            Optional<String> digest = Optional.ofNullable(released.get(i.name())).filter(d -> !d.isEmpty())
                    .or(() -> r != null ? r.digest()
                    : i.decision() instanceof Decision.Skip ? i.publishedDigest() : Optional.empty());
            String ref = new ImageName(plan.registry(), i.name(), i.version()).reference(digest);
            Optional<Duration> d = r == null ? Optional.empty()
                    : r.start().flatMap(s -> r.end().map(e -> Duration.between(s, e)));
            images.add(new ReportFile.Image(i.name(), i.version(), ref, decision, i.decision().label(), reason,
                    platforms(i), i.fingerprint().orElse(null), digest.orElse(null),
                    r == null ? null : r.start().map(Instant::toString).orElse(null),
                    r == null ? null : r.end().map(Instant::toString).orElse(null),
                    d.map(Duration::toMillis).orElse(null), r == null ? null : r.attempts(),
                    r == null ? null : r.exitCode().orElse(null), r == null ? null : r.log().toString(),
                    released.containsKey(i.name()) ? Boolean.TRUE
                            : notReleased.contains(i.name()) ? Boolean.FALSE : null, PlanTable.entries(i.bases()),
                    null, null));
            md.add(new String[]{i.name(), i.version(), decision, Tables.cell(reason),
                    PlanTable.platforms(i.platforms()), digest.orElse(""),
                    d.map(Durations::seconds).orElse("")});
            switch (decision) {
                case "DONE" -> built++;
                case "SKIP" -> skipped++;
                case "FAILED" -> failed++;
                case "BLOCKED" -> blocked++;
                case "NOT_STARTED" -> notStarted++;
                default -> { }
            }
            if (i.builds()) {
                toBuild++;
            }
        }
        if (!plannedOnly) {
            notStarted += (int) plan.images().stream().filter(i -> i.builds() && !results.containsKey(i.name()))
                    .count();
        }
        ReportFile.Status status = plannedOnly ? ReportFile.Status.PLANNED
                : failed + blocked + notStarted == 0 && notReleased.isEmpty() ? ReportFile.Status.SUCCEEDED : ReportFile.Status.FAILED;
        ReportFile.Totals totals = new ReportFile.Totals(plan.images().size(), built, skipped,
                (int) plan.images().stream().filter(i -> released.containsKey(i.name())).count(), failed, blocked,
                notStarted, toBuild);
        ReportFile file = new ReportFile(ReportFile.SCHEMA_VERSION, plan.goal().id(), plan.registry(), status,
                Instant.now().toString(), error, totals, images, plan.warnings(),
                goalStart == null ? null : goalStart.toString(), solveStart.map(Instant::toString).orElse(null));
        write(dir.resolve("report.json"), Json.pretty(file) + "\n");
        write(dir.resolve("summary.md"), summary(file, md));
    }

    private static List<String> platforms(ImagePlan i) {
        return i.platforms().stream().map(Platform::toString).toList();
    }

    private static String shortDigest(String digest) {
        return digest == null ? "" : digest;
    }

    /** The final state of an image: DONE, FAILED, BLOCKED, SKIP or NOT_STARTED. */
    public static String outcome(ImagePlan plan, BuildResult result) {
        if (result == null) {
            return plan.decision().label();
        }
        return switch (result.status()) {
            case DONE -> "DONE";
            case FAILED -> "FAILED";
            case BLOCKED -> "BLOCKED";
            case NOT_STARTED -> "NOT_STARTED";
        };
    }

    private static String summary(ReportFile report, List<String[]> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("## cip ").append(report.goal()).append(" → `").append(report.registry()).append("`\n\n");
        sb.append("**").append(report.status().name()).append("**: ").append(report.counts()).append("\n\n");
        if (report.error() != null) {
            sb.append("Stopped before building: ").append(Tables.cell(report.error())).append("\n\n");
        }
        sb.append("| Image | Version | Result | Reason | Platforms | Digest | Duration |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (String[] r : rows) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        if (!report.warnings().isEmpty()) {
            sb.append("\n### Warnings\n\n");
            report.warnings().forEach(w -> sb.append("- ").append(Tables.cell(w)).append('\n'));
        }
        return sb.toString();
    }

    private static void write(Path file, String content) throws IOException {
        AtomicFiles.write(file, content);
    }
}
