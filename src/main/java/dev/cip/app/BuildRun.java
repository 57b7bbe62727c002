package dev.cip.app;

import dev.cip.context.ProjectLock;
import dev.cip.engine.BuilderProbes;
import dev.cip.engine.RunConfig;
import dev.cip.oci.ImageRef;
import dev.cip.plan.Advice;
import dev.cip.plan.Decision;
import dev.cip.plan.ExternalBase;
import dev.cip.plan.ExternalBases;
import dev.cip.plan.Goal;
import dev.cip.plan.ImageStore;
import dev.cip.plan.Plan;
import dev.cip.registry.UpstreamResolver;
import dev.cip.release.ReleaseOutcome;
import dev.cip.release.Releaser;
import dev.cip.release.StagingAwareStore;
import dev.cip.release.StagingReader;
import dev.cip.report.BuildResult;
import dev.cip.report.CiOutputs;
import dev.cip.report.Console;
import dev.cip.report.ImageRun;
import dev.cip.report.ReportFile;
import dev.cip.report.RunReport;
import dev.cip.report.Trace;
import dev.cip.sign.Cosign;
import dev.cip.sign.Signing;
import dev.cip.store.LocalImageStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One run of a build goal ({@code plan}, {@code build}, {@code publish-locally}, {@code publish}), as a recipe of
 * steps ({@link #recipe}): check, plan, verify signatures, probe the builder, stage the parents' pins, define, solve,
 * release and sign, report. Around it: the store the plan reads (the local Docker store, or the registry with what
 * earlier runs staged), the project lock, and at the end the reports, the CI outputs and one line of totals. A run
 * that stops early still leaves its report, status FAILED. Knows nothing of Maven.
 */
public final class BuildRun {
    private final RunConfig config;
    private final Backing backing;
    private final Signing signing;
    private final Console console;
    private final Advice advice;
    private final Map<String, String> ciEnvironment;
    private final Function<BaseCheck, ExternalBases.Check> upstream;
    private final ExternalBases.Check baseCheck;
    private final BuilderProbes.Inspect inspect;

    /** Whether the plan asks upstream registries where the tags of external bases point now. */
    public enum BaseCheck {
        /** It does not (the default: it costs requests to upstream registries). */
        OFF,
        /** It was asked to, but the run is offline: it says so and contacts no upstream registry. */
        OFFLINE,
        /** It does: one request per distinct tag, in parallel. */
        ON
    }

    /** Upstream requests at a time when bases are checked. */
    static final int UPSTREAM_CONCURRENCY = 8;

    /**
     * What a run reads and writes, opened when it starts: the store the plan reads and, for a pushing run, where
     * earlier runs staged (parents are built on by their staged digest) and what releases.
     */
    public record Stores(ImageStore store, Optional<StagingReader> staging, Optional<Releaser> releaser) {
    }

    /** Opens the {@link Stores} of a run. */
    @FunctionalInterface
    public interface Backing {
        Stores open();
    }

    /**
     * What a run decided and did.
     *
     * @param images  every image of the plan, with what the run did with it
     * @param release what the release at the end of a pushing run did; empty for staging, loading and dry runs
     * @param unsigned released images whose signing failed
     */
    public record Outcome(Plan plan, List<ImageRun> images, Optional<ReleaseOutcome> release,
                          List<Cosign.Failure> unsigned) {
        public Outcome {
            images = List.copyOf(images);
            unsigned = List.copyOf(unsigned);
        }

        /** How each image the engine built went, by name; empty for a dry run. */
        public Map<String, BuildResult> results() {
            Map<String, BuildResult> results = new LinkedHashMap<>();
            images.forEach(i -> i.build().ifPresent(r -> results.put(i.name(), r)));
            return results;
        }

        public List<BuildResult> failures() {
            return results().values().stream().filter(r -> r.status() == BuildResult.Status.FAILED).toList();
        }

        public boolean succeeded() {
            return results().values().stream().allMatch(r -> r.status() == BuildResult.Status.DONE)
                    && plan.images().stream().noneMatch(i -> i.decision() instanceof Decision.Blocked)
                    && release.map(ReleaseOutcome::succeeded).orElse(true) && unsigned.isEmpty();
        }
    }

    /**
     * @param ciEnvironment the environment the CI outputs are found in ({@code GITHUB_OUTPUT}, …)
     */
    public BuildRun(RunConfig config, RegistryStack registries, Signing signing, Console console, Advice advice,
                    Map<String, String> ciEnvironment) {
        this(config, () -> stores(config, registries), signing, console, advice, ciEnvironment,
                check -> upstreamCheck(check, registries), ExternalBases.OFF,
                BuilderProbes.inspecting(config.engine()));
    }

    /**
     * A run reading and writing {@code backing}'s stores, its builder described by {@code inspect} (tests and
     * benchmarks give both).
     */
    public BuildRun(RunConfig config, Backing backing, Signing signing, Console console, Advice advice,
             Map<String, String> ciEnvironment, BuilderProbes.Inspect inspect) {
        this(config, backing, signing, console, advice, ciEnvironment, check -> ExternalBases.OFF, ExternalBases.OFF,
                inspect);
    }

    private BuildRun(RunConfig config, Backing backing, Signing signing, Console console, Advice advice,
                     Map<String, String> ciEnvironment, Function<BaseCheck, ExternalBases.Check> upstream,
                     ExternalBases.Check baseCheck, BuilderProbes.Inspect inspect) {
        this.config = config;
        this.backing = backing;
        this.signing = signing;
        this.console = console;
        this.advice = advice;
        this.ciEnvironment = Map.copyOf(ciEnvironment);
        this.upstream = upstream;
        this.baseCheck = baseCheck;
        this.inspect = inspect;
    }

    /** This run, checking the external bases upstream as {@code check} says. */
    public BuildRun checkingBases(BaseCheck check) {
        return new BuildRun(config, backing, signing, console, advice, ciEnvironment, upstream,
                upstream.apply(check), inspect);
    }

    private static Stores stores(RunConfig config, RegistryStack registries) {
        String registry = config.project().registry();
        if (config.goal() == Goal.BUILD) {
            return new Stores(new LocalImageStore(config.engine().docker(), registry), Optional.empty(),
                    Optional.empty());
        }
        registries.client().warmUp(registry); // overlaps the HTTP set-up with reading the project
        // what earlier runs staged counts too: staged images are RELEASEd, not built again
        StagingReader reader = new StagingReader(registries.client(), registry);
        return new Stores(new StagingAwareStore(registries.store(registry), reader), Optional.of(reader),
                Optional.of(new Releaser(registries.client(), registry, Releaser.CONCURRENCY)));
    }

    private static ExternalBases.Check upstreamCheck(BaseCheck check, RegistryStack registries) {
        return switch (check) {
            case OFF -> ExternalBases.OFF;
            case OFFLINE -> new ExternalBases.Skip("offline, no upstream registry was contacted");
            case ON -> new ExternalBases.Ask(references -> {
                UpstreamResolver resolver = new UpstreamResolver(registries.client(), UPSTREAM_CONCURRENCY);
                Map<String, ExternalBase.Upstream> answers = new LinkedHashMap<>();
                resolver.resolve(references.stream().map(ImageRef::parse).toList()).forEach((ref, answer) ->
                        answers.put(ref.toString(), answer instanceof UpstreamResolver.Resolved r
                                ? new ExternalBase.Resolved(r.digest())
                                : new ExternalBase.Failed(((UpstreamResolver.Failed) answer).reason())));
                return answers;
            });
        };
    }

    /**
     * Runs the goal named {@code goalName} (for the last line) to its end.
     *
     * @throws ProjectLock.LockedException when another cip run holds the project
     */
    public Outcome run(String goalName) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Trace trace = new Trace(config.output().goalStart());
        trace.sinceGoalStart("setup"); // the goal's own set-up: parameters, registry clients
        Path reports = config.output().reportDir().toAbsolutePath();
        RunReport.refuseLinks(reports); // before anything is written or removed there
        Stores stores = backing.open();
        // A cascade rewriting the files while they are fingerprinted and sent to the builder would mix versions:
        // builds and cascades of one project take turns. (A missing project is left for the scan to report.)
        Path project = config.project().directory();
        boolean lock = !config.output().dryRun() && Files.isDirectory(project);
        BuildRecipe recipe = new BuildRecipe(config, stores, signing, console, advice, baseCheck, inspect, trace);
        Outcome outcome;
        ReportFile report;
        try (ProjectLock held = lock ? ProjectLock.acquire(project, "cip:" + config.goal().id()) : null) {
            RunReport.clear(reports);
            try {
                outcome = recipe.run();
            } catch (RuntimeException | IOException | InterruptedException e) {
                stoppedEarly(recipe.plan(), reports, goalName, e, start, trace);
                throw e;
            }
        }
        try (var s = trace.span("reports")) {
            report = config.output().dryRun() ? RunReport.ofPlanned(outcome.plan())
                    : RunReport.ofRun(outcome.plan(), outcome.images(), config.output().goalStart(),
                    recipe.solveStart());
            RunReport.writeSummary(reports, report);
        }
        finish(report, reports, goalName, start, trace);
        return outcome;
    }

    /** A run that stopped before building still leaves its own report.json and summary.md, status FAILED. */
    private void stoppedEarly(Optional<Plan> plan, Path reports, String goalName, Exception e, long start,
                              Trace trace) {
        try {
            String why = e instanceof InterruptedException ? "interrupted"
                    : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            ReportFile report = RunReport.ofFailed(config.goal(), config.project().registry(), plan, why);
            RunReport.writeSummary(reports, report);
            finish(report, reports, goalName, start, trace);
        } catch (IOException | RuntimeException w) {
            console.warn("cip " + config.goal().id() + ": could not write the report of this failed run to "
                    + reports + ": " + w.getMessage());
        }
    }

    /**
     * Hands the report to the CI system, writes it with the run's trace (printed with verbose output, at debug level
     * otherwise) and ends the run with one line of totals and the wall time.
     */
    private void finish(ReportFile report, Path reports, String goalName, long start, Trace trace)
            throws IOException {
        try (var s = trace.span("ci outputs")) {
            CiOutputs.write(reports, report, ciEnvironment);
        }
        trace.sinceGoalStart(Trace.TOTAL);
        List<Trace.Span> spans = trace.spans();
        RunReport.writeReport(reports, report.withTrace(spans));
        Trace.lines(spans).forEach(config.engine().verbose() ? console::info : console::debug);
        String line = report.oneLine(goalName, Duration.ofNanos(System.nanoTime() - start));
        if (report.status() == ReportFile.Status.FAILED) {
            console.error(line);
        } else {
            console.info(line);
        }
    }
}
