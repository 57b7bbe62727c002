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
 * one, writes {@code plan.json} once it has planned, and builds its {@code report.json} in memory however it ends
 * ({@link #ofRun} after building, {@link #ofPlanned} when it only planned, {@link #ofFailed} when it stopped before
 * building), to {@link #write} it once, with the run's trace, when it is over.
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
        List<ImageRun> images = plan.images().stream().map(i -> {
            ImageRun run = ImageRun.planned(i);
            run = results.containsKey(i.name()) ? run.built(results.get(i.name())) : run;
            return released.contains(i.name()) ? run.releasedAs(new ImageRun.Release.Released(Optional.empty()))
                    : run;
        }).toList();
        write(dir, ofRun(plan, images, null, Optional.empty()));
    }

    /** {@code report.json} of a run that only planned (status PLANNED). */
    public static ReportFile ofPlanned(Plan plan) {
        return of(plan, plan.images().stream().map(ImageRun::planned).toList(), true, null, Optional.empty());
    }

    /**
     * {@code report.json} of a run that built what its plan said (or had nothing to build), and released at its end
     * when it did.
     *
     * @param images     every image of the plan, with what the run did with it
     * @param goalStart  when the goal started; null when unknown
     * @param solveStart when the engine's first solve started (none when nothing was built)
     */
    public static ReportFile ofRun(Plan plan, List<ImageRun> images, Instant goalStart,
                                   Optional<Instant> solveStart) {
        return of(plan, images, false, goalStart, solveStart);
    }

    /**
     * {@code report.json} of a run that stopped before building (status FAILED), with the images of its plan when it
     * got that far.
     */
    public static ReportFile ofFailed(Goal goal, String registry, Optional<Plan> plan, String error) {
        List<ReportFile.Image> images = new ArrayList<>();
        int skipped = 0;
        int blocked = 0;
        int toBuild = 0;
        for (ImagePlan i : plan.map(Plan::images).orElse(List.of())) {
            String planned = i.decision().label();
            String decision = planned.equals("BUILD") ? "NOT_STARTED" : planned;
            images.add(ReportFile.Image.builder(i.name(), i.version())
                    .reference(new ImageName(registry, i.name(), i.version()).reference(i.publishedDigest()))
                    .decision(decision).planned(planned).reason(i.decision().reason()).platforms(platforms(i))
                    .fingerprint(i.fingerprint().orElse(null)).digest(i.publishedDigest().orElse(null))
                    .bases(PlanTable.entries(i.bases())).build());
            switch (planned) {
                case "SKIP" -> skipped++;
                case "BLOCKED" -> blocked++;
                default -> toBuild++;
            }
        }
        ReportFile.Totals totals = new ReportFile.Totals(images.size(), 0, skipped, 0, 0, blocked, toBuild, toBuild);
        return new ReportFile(ReportFile.SCHEMA_VERSION, goal.id(), registry, ReportFile.Status.FAILED,
                Instant.now().toString(), error, totals, images, plan.map(Plan::warnings).orElse(List.of()));
    }

    /**
     * Writes {@code report.json} and {@code summary.md} of a run that stopped before building (status FAILED), with
     * the images of its plan when it got that far.
     */
    public void writeFailed(Path dir, Goal goal, String registry, Optional<Plan> plan, String error)
            throws IOException {
        write(dir, ofFailed(goal, registry, plan, error));
    }

    /** Writes {@code report} as {@code report.json} and {@code summary.md} to {@code dir}. */
    public static void write(Path dir, ReportFile report) throws IOException {
        writeSummary(dir, report);
        writeReport(dir, report);
    }

    /** Writes {@code summary.md}: the report as a table, for people (and the CI's job summary). */
    public static void writeSummary(Path dir, ReportFile report) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("summary.md"), report.goal().equals(ReleaseReport.GOAL) ? ReleaseReport.summary(report)
                : summary(report));
    }

    /** Writes {@code report.json}, once: with the trace, when the run is over. */
    public static void writeReport(Path dir, ReportFile report) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("report.json"), Json.pretty(report) + "\n");
    }

    /** Reads {@code report.json} from {@code dir}. */
    public ReportFile read(Path dir) throws IOException {
        return Json.mapper().readValue(dir.resolve("report.json").toFile(), ReportFile.class);
    }

    private static ReportFile of(Plan plan, List<ImageRun> runs, boolean plannedOnly, Instant goalStart,
                                 Optional<Instant> solveStart) {
        List<ReportFile.Image> images = new ArrayList<>();
        int built = 0;
        int skipped = 0;
        int failed = 0;
        int blocked = 0;
        int notStarted = 0;
        int toBuild = 0;
        int released = 0;
        boolean unreleased = false;
        for (ImageRun run : runs) {
            ImagePlan i = run.plan();
            Optional<BuildResult> r = run.build();
            String decision = run.outcome();
            String reason = r.flatMap(BuildResult::blockedBy).map(p -> "parent " + p + " failed")
                    .orElse(i.decision().reason());
            Optional<String> releasedDigest = run.release() instanceof ImageRun.Release.Released rel
                    ? rel.digest().filter(d -> !d.isEmpty()) : Optional.empty();
            Optional<String> digest = releasedDigest.or(() -> r.isPresent() ? r.get().digest()
                    : i.decision() instanceof Decision.Skip ? i.publishedDigest() : Optional.empty());
            Optional<Duration> d = r.flatMap(x -> x.start().flatMap(s -> x.end().map(e -> Duration.between(s, e))));
            Boolean isReleased = run.release() instanceof ImageRun.Release.Released ? Boolean.TRUE
                    : run.release() instanceof ImageRun.Release.NotReleased ? Boolean.FALSE : null;
            images.add(ReportFile.Image.builder(i.name(), i.version())
                    .reference(new ImageName(plan.registry(), i.name(), i.version()).reference(digest))
                    .decision(decision).planned(i.decision().label()).reason(reason).platforms(platforms(i))
                    .fingerprint(i.fingerprint().orElse(null)).digest(digest.orElse(null))
                    .timing(r.flatMap(BuildResult::start).map(Instant::toString).orElse(null),
                            r.flatMap(BuildResult::end).map(Instant::toString).orElse(null),
                            d.map(Duration::toMillis).orElse(null))
                    .build(r.map(BuildResult::attempts).orElse(null), r.flatMap(BuildResult::exitCode).orElse(null),
                            r.map(x -> x.log().toString()).orElse(null))
                    .released(isReleased).bases(PlanTable.entries(i.bases())).build());
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
            if (!plannedOnly && i.builds() && r.isEmpty()) {
                notStarted++;
            }
            if (Boolean.TRUE.equals(isReleased)) {
                released++;
            }
            unreleased |= Boolean.FALSE.equals(isReleased);
        }
        ReportFile.Status status = plannedOnly ? ReportFile.Status.PLANNED
                : failed + blocked + notStarted == 0 && !unreleased ? ReportFile.Status.SUCCEEDED
                : ReportFile.Status.FAILED;
        ReportFile.Totals totals = new ReportFile.Totals(runs.size(), built, skipped, released, failed, blocked,
                notStarted, toBuild);
        return new ReportFile(ReportFile.SCHEMA_VERSION, plan.goal().id(), plan.registry(), status,
                Instant.now().toString(), null, totals, images, plan.warnings(),
                goalStart == null ? null : goalStart.toString(), solveStart.map(Instant::toString).orElse(null));
    }

    private static List<String> platforms(ImagePlan i) {
        return i.platforms().stream().map(Platform::toString).toList();
    }

    /** {@code summary.md} of a build run: one row per image. */
    private static String summary(ReportFile report) {
        StringBuilder sb = new StringBuilder();
        sb.append("## cip ").append(report.goal()).append(" → `").append(report.registry()).append("`\n\n");
        sb.append("**").append(report.status().name()).append("**: ").append(report.counts()).append("\n\n");
        if (report.error() != null) {
            sb.append("Stopped before building: ").append(Tables.cell(report.error())).append("\n\n");
        }
        sb.append("| Image | Version | Result | Reason | Platforms | Digest | Duration |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (ReportFile.Image i : report.images()) {
            String[] row = {i.name(), i.version(), i.decision(), Tables.cell(i.reason()),
                    PlanTable.platformList(i.platforms()), i.digest() == null ? "" : i.digest(),
                    i.durationMillis() == null ? "" : Durations.seconds(Duration.ofMillis(i.durationMillis()))};
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
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
