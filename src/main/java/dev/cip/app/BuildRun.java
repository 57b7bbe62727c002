package dev.cip.app;

import dev.cip.context.ProjectLock;
import dev.cip.engine.BuildPipeline;
import dev.cip.engine.RunConfig;
import dev.cip.oci.ImageRef;
import dev.cip.plan.Advice;
import dev.cip.plan.ExternalBase;
import dev.cip.plan.ExternalBases;
import dev.cip.plan.Goal;
import dev.cip.plan.ImageStore;
import dev.cip.registry.UpstreamResolver;
import dev.cip.release.Releaser;
import dev.cip.release.StagingAwareStore;
import dev.cip.release.StagingReader;
import dev.cip.report.CiOutputs;
import dev.cip.report.Console;
import dev.cip.report.ReportFile;
import dev.cip.report.RunReport;
import dev.cip.report.Trace;
import dev.cip.store.LocalImageStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a build goal ({@code plan}, {@code build}, {@code publish-locally}, {@code publish}): the store the plan
 * reads (the local Docker store, or the registry with what earlier runs staged), the project lock, the reports of
 * this run only, the pipeline, and at the end the CI outputs and one line of totals. A run that stops early still
 * leaves its report, status FAILED.
 */
public final class BuildRun {
    private final RunConfig config;
    private final RegistryStack registries;
    private final BuildPipeline.Signing signing;
    private final Console console;
    private final Advice advice;
    private final Map<String, String> ciEnvironment;
    private final BaseCheck baseCheck;

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
     * @param ciEnvironment the environment the CI outputs are found in ({@code GITHUB_OUTPUT}, …)
     */
    public BuildRun(RunConfig config, RegistryStack registries, BuildPipeline.Signing signing, Console console,
                    Advice advice, Map<String, String> ciEnvironment) {
        this(config, registries, signing, console, advice, ciEnvironment, BaseCheck.OFF);
    }

    private BuildRun(RunConfig config, RegistryStack registries, BuildPipeline.Signing signing, Console console,
                     Advice advice, Map<String, String> ciEnvironment, BaseCheck baseCheck) {
        this.config = config;
        this.registries = registries;
        this.signing = signing;
        this.console = console;
        this.advice = advice;
        this.ciEnvironment = Map.copyOf(ciEnvironment);
        this.baseCheck = baseCheck;
    }

    /** This run, checking the external bases upstream as {@code check} says. */
    public BuildRun checkingBases(BaseCheck check) {
        return new BuildRun(config, registries, signing, console, advice, ciEnvironment, check);
    }

    private ExternalBases.Check upstreamCheck() {
        return switch (baseCheck) {
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
    public BuildPipeline.Outcome run(String goalName) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Trace trace = new Trace(config.goalStart());
        trace.sinceGoalStart("setup"); // the goal's own set-up: parameters, registry clients
        Goal goal = config.goal();
        String registry = config.registry();
        Path reports = config.reportDir().toAbsolutePath();
        RunReport.refuseLinks(reports); // before anything is written or removed there
        RunReport report = new RunReport();
        ImageStore store;
        Optional<BuildPipeline.StagingArea> staging = Optional.empty();
        if (goal == Goal.BUILD) {
            store = new LocalImageStore(config.docker(), registry);
        } else {
            registries.client().warmUp(registry); // overlaps the HTTP set-up with reading the project
            // what earlier runs staged counts too: staged images are RELEASEd, not built again
            StagingReader reader = new StagingReader(registries.client(), registry);
            store = new StagingAwareStore(registries.store(registry), reader);
            staging = Optional.of(new BuildPipeline.StagingArea(reader,
                    new Releaser(registries.client(), registry, Releaser.CONCURRENCY), signing));
        }
        // A cascade rewriting the files while they are fingerprinted and sent to the builder would mix versions:
        // builds and cascades of one project take turns. (A missing project is left for the scan to report.)
        boolean lock = !config.dryRun() && Files.isDirectory(config.projectDir());
        BuildPipeline.Outcome outcome;
        try (ProjectLock held = lock ? ProjectLock.acquire(config.projectDir(), "cip:" + goal.id()) : null) {
            RunReport.clear(reports);
            try {
                outcome = new BuildPipeline(config, store, console, staging).advisedBy(advice)
                        .checkingBases(upstreamCheck()).rememberingDockerFacts(registries.dockerFacts())
                        .tracedBy(trace).run();
            } catch (RuntimeException | IOException | InterruptedException e) {
                stoppedEarly(report, reports, goalName, e, start, trace);
                throw e;
            }
        }
        if (config.dryRun()) {
            try (var s = trace.span("reports")) {
                report.writePlanned(reports, outcome.plan());
            }
        }
        finish(report, reports, goalName, start, trace);
        return outcome;
    }

    /** A run that stopped before building still leaves its own report.json and summary.md, status FAILED. */
    private void stoppedEarly(RunReport report, Path reports, String goalName, Exception e, long start,
                              Trace trace) {
        try {
            String why = e instanceof InterruptedException ? "interrupted"
                    : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            report.writeFailed(reports, config.goal(), config.registry(), why);
            finish(report, reports, goalName, start, trace);
        } catch (IOException | RuntimeException w) {
            console.warn("cip " + config.goal().id() + ": could not write the report of this failed run to "
                    + reports + ": " + w.getMessage());
        }
    }

    /**
     * Hands the report to the CI system, adds the run's trace to it (printed with verbose output, at debug level
     * otherwise) and ends the run with one line of totals and the wall time.
     */
    private void finish(RunReport report, Path reports, String goalName, long start, Trace trace)
            throws IOException {
        if (!Files.isRegularFile(reports.resolve("report.json"))) {
            return;
        }
        ReportFile file;
        try (var s = trace.span("ci outputs")) {
            file = report.read(reports);
            CiOutputs.write(reports, file, ciEnvironment);
        }
        trace.sinceGoalStart(Trace.TOTAL);
        List<Trace.Span> spans = trace.spans();
        RunReport.addTrace(reports, spans);
        Trace.lines(spans).forEach(config.verbose() ? console::info : console::debug);
        String line = file.oneLine(goalName, Duration.ofNanos(System.nanoTime() - start));
        if (file.status() == ReportFile.Status.FAILED) {
            console.error(line);
        } else {
            console.info(line);
        }
    }
}
