package dev.cip.app;

import dev.cip.concurrent.Background;
import dev.cip.engine.BakeDefinition;
import dev.cip.engine.BakeEngine;
import dev.cip.engine.BuilderProbes;
import dev.cip.engine.DefinitionStep;
import dev.cip.engine.DockerFactsCache;
import dev.cip.engine.OciLabels;
import dev.cip.engine.RunConfig;
import dev.cip.engine.SolveStep;
import dev.cip.failure.ChangedNotBumped;
import dev.cip.failure.SignatureCheckFailed;
import dev.cip.graph.ImageGraph;
import dev.cip.oci.Platform;
import dev.cip.plan.Advice;
import dev.cip.plan.Decision;
import dev.cip.plan.ExternalBases;
import dev.cip.plan.Plan;
import dev.cip.plan.RunParents;
import dev.cip.release.ImageRelease;
import dev.cip.release.ReleaseImage;
import dev.cip.release.ReleaseImages;
import dev.cip.release.StagePins;
import dev.cip.release.StageReport;
import dev.cip.release.StagingTag;
import dev.cip.report.BuildResult;
import dev.cip.report.Console;
import dev.cip.report.ImageRun;
import dev.cip.report.RunReport;
import dev.cip.report.Trace;
import dev.cip.sign.Cosign;
import dev.cip.sign.Signing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The recipe of one build run, top to bottom in {@link #run}: each line one step, timed in the run's trace under its
 * name, with its code in the package it belongs to. What the run learns about an image travels in its
 * {@link ImageRun}; the report is made from those records by the caller ({@link BuildRun}).
 */
final class BuildRecipe {
    private final RunConfig config;
    private final BuildRun.Stores stores;
    private final Signing signing;
    private final Console console;
    private final Advice advice;
    private final ExternalBases.Check baseCheck;
    private final BuilderProbes.Inspect inspect;
    private final DockerFactsCache dockerFacts;
    private final Trace trace;
    /** The plan, once made: the report of a run that stops after it lists its images. */
    private Optional<Plan> plan = Optional.empty();
    private Optional<Instant> solveStart = Optional.empty();

    BuildRecipe(RunConfig config, BuildRun.Stores stores, Signing signing, Console console, Advice advice,
                ExternalBases.Check baseCheck, BuilderProbes.Inspect inspect, DockerFactsCache dockerFacts,
                Trace trace) {
        this.config = config;
        this.stores = stores;
        this.signing = signing;
        this.console = console;
        this.advice = advice;
        this.baseCheck = baseCheck;
        this.inspect = inspect;
        this.dockerFacts = dockerFacts;
        this.trace = trace;
    }

    /**
     * @throws dev.cip.context.InvalidProjectException for a bad project, before anything is built
     * @throws dev.cip.failure.UserFailure              for bad settings (unknown image, bad platform), and what the
     *                                                 user must act on before anything is built
     */
    BuildRun.Outcome run() throws IOException, InterruptedException {
        config.check();
        PlanStep.Planned planned = PlanStep.plan(config, stores.store(), advice, baseCheck, console, trace);
        plan = Optional.of(planned.plan());
        // plan.json and the graphs are written beside the steps that follow (the solve, mostly), not before them;
        // they are complete when the run ends, whichever way it ends: a refusal after the plan still leaves the plan
        Trace.Running writing = trace.span("plan reports"); // timed from here: it starts before the next step
        Background<Void> planReports = Background.start("cip-plan-reports", () -> {
            try (writing) {
                new RunReport().writePlan(config.output().reportDir(), planned.plan(), planned.graph());
            }
            return null;
        });
        try {
            BuildRun.Outcome outcome = afterThePlan(planned);
            planReports.join();
            return outcome;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            planReports.finishAfter(e);
            throw e;
        } finally {
            planReports.close();
        }
    }

    private BuildRun.Outcome afterThePlan(PlanStep.Planned planned) throws IOException, InterruptedException {
        List<ImageRun> images = planned.plan().images().stream().map(ImageRun::planned).toList();
        Optional<DefinitionStep.Defined> defined = Optional.empty();
        boolean builds = !planned.plan().toBuild().isEmpty();
        // The builder's facts and git's labels (a process per image to build) are read while the steps up to the
        // definition run; a run that builds nothing asks neither.
        try (Background<BuilderProbes.Facts> probes = builds ? Background.start("cip-probes",
                () -> BuilderProbes.probe(config, planned.plan(), inspect, dockerFacts)) : null;
             Background<OciLabels.Found> labels = builds ? Background.start("cip-git",
                     () -> DefinitionStep.labels(config, planned.plan(), planned.graph())) : null) {
            refuseWhenStrict(planned.plan());
            verifySignatures(planned.plan());
            if (builds) {
                BuilderProbes.Facts docker = probeBuilder(probes);
                RunParents parents = RunParents.of(planned.plan(), planned.graph());
                Map<RunParents.Pin, String> pins = stagePins(planned, parents, docker);
                defined = Optional.of(define(planned, parents, pins, docker, labels));
                images = withParentsAndStagingTags(images, parents, defined.get().settings());
            }
        }
        if (nothingToDo(planned.plan(), defined)) { // a dry run, or nothing to build nor release
            return new BuildRun.Outcome(planned.plan(), images, Optional.empty(), List.of());
        }
        if (defined.isPresent()) {
            images = solve(planned.plan(), defined.get(), images);
        }
        if (config.release().staging()) {
            writeStageReport(images);
            return new BuildRun.Outcome(planned.plan(), images, Optional.empty(), List.of());
        }
        if (!config.releasesAtEnd()) {
            return new BuildRun.Outcome(planned.plan(), images, Optional.empty(), List.of());
        }
        ReleaseAndSign.Result released = releaseAndSign(planned, images);
        return new BuildRun.Outcome(planned.plan(), withRelease(images, released), Optional.of(released.outcome()),
                released.unsigned());
    }

    Optional<Plan> plan() {
        return plan;
    }

    /** When the engine's first solve started, once it did. */
    Optional<Instant> solveStart() {
        return solveStart;
    }

    /** Strict mode: nothing is built when a content changed without a version bump, or a base is not pinned. */
    private void refuseWhenStrict(Plan plan) {
        if (!config.output().strict()) {
            return;
        }
        if (!plan.changedNotBumped().isEmpty()) {
            List<String> roots = plan.changedRoots();
            List<String> followers = plan.changedNotBumped().stream().filter(n -> !roots.contains(n)).toList();
            throw new ChangedNotBumped(roots, followers, advice.changedNotBumped(roots, followers));
        }
        ExternalBases.refuseUnpinned(plan, advice);
    }

    /** With {@code verify}: every skipped, published image must carry a valid signature, or nothing is built. */
    private void verifySignatures(Plan plan) throws IOException, InterruptedException {
        try (var s = trace.span("verify signatures")) {
            if (signing.verify().isEmpty() || stores.staging().isEmpty()) {
                return;
            }
            List<String> refs = plan.images().stream().filter(i -> i.decision() instanceof Decision.Skip)
                    .filter(i -> i.publishedDigest().isPresent())
                    .map(i -> plan.registry() + "/" + i.name() + "@" + i.publishedDigest().get()).toList();
            long start = System.nanoTime();
            List<Cosign.Failure> failures = signing.verify().get().verify(refs);
            if (!failures.isEmpty()) {
                StringBuilder sb = new StringBuilder("signature check failed for " + failures.size() + " published "
                        + "image(s) this run would build on or skip; nothing was built:");
                failures.forEach(f -> sb.append("\n  - ").append(f.reference()).append(": ").append(f.reason()));
                throw new SignatureCheckFailed(failures.stream().map(Cosign.Failure::reference).toList(),
                        sb.toString());
            }
            console.info("Signatures verified on " + refs.size() + " published image(s) in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
    }

    /** The builder's facts, probed since the plan was made (the span is what is left to wait for). */
    private BuilderProbes.Facts probeBuilder(Background<BuilderProbes.Facts> probing)
            throws IOException, InterruptedException {
        try (var s = trace.span("builder probes")) {
            BuilderProbes.Facts docker = probing.join();
            console.info(docker.builder().describe());
            return docker;
        }
    }

    /** The parents built on by digest, resolved; a pushing run stages the index of a sharded parent here. */
    private Map<RunParents.Pin, String> stagePins(PlanStep.Planned planned, RunParents parents,
                                                  BuilderProbes.Facts docker) {
        try (var s = trace.span("stage pins")) {
            return new StagePins(stores.staging(), !config.output().dryRun()).resolve(parents.pins(), planned.seen(),
                    docker.localPlatform());
        }
    }

    /** The bake definition, once git's labels (read since the plan was made) are in. */
    private DefinitionStep.Defined define(PlanStep.Planned planned, RunParents parents,
                                          Map<RunParents.Pin, String> pins, BuilderProbes.Facts docker,
                                          Background<OciLabels.Found> reading)
            throws IOException, InterruptedException {
        OciLabels.Found labels;
        try (var s = trace.span("git labels")) {
            labels = reading.join();
        }
        try (var s = trace.span("bake definition")) {
            Path bakeFile = config.output().reportDir().resolve("bake.json");
            Files.deleteIfExists(bakeFile);
            return DefinitionStep.define(config, planned.plan(), planned.graph(), parents, pins, docker, labels,
                    bakeFile);
        }
    }

    private static List<ImageRun> withParentsAndStagingTags(List<ImageRun> images, RunParents parents,
                                                            BakeDefinition.Settings settings) {
        return images.stream().map(i -> !i.plan().builds() ? i : i.defined(parents.inRun().get(i.name()),
                settings.push() ? Optional.of(BakeDefinition.stagingTag(i.plan(), settings).tag())
                        : Optional.empty())).toList();
    }

    /** Says so, and why, when the run stops here: a dry run, or nothing to build nor release. */
    private boolean nothingToDo(Plan plan, Optional<DefinitionStep.Defined> defined) {
        if (config.output().dryRun()) {
            console.info("Dry run: nothing built (" + plan.toBuild().size() + " to build, plan in "
                    + config.output().reportDir().resolve("plan.json") + (defined.isPresent()
                    ? ", bake definition in " + defined.get().file() : "") + ")");
            return true;
        }
        boolean toRelease = config.releasesAtEnd()
                && plan.images().stream().anyMatch(i -> i.decision() instanceof Decision.Release);
        if (defined.isEmpty() && !toRelease) {
            console.info("Nothing to build: every selected image is already in " + stores.store().describe());
            return true;
        }
        if (config.goal().pushes() && stores.releaser().isEmpty()) {
            throw new IllegalStateException("a pushing run needs the registry's staging area");
        }
        return false;
    }

    private List<ImageRun> solve(Plan plan, DefinitionStep.Defined defined, List<ImageRun> images)
            throws IOException, InterruptedException {
        Map<String, Set<String>> inRunParents = new HashMap<>();
        images.stream().filter(i -> i.plan().builds()).forEach(i -> inRunParents.put(i.name(), i.inRunParents()));
        BakeEngine.Outcome built = SolveStep.solve(config, plan, defined, inRunParents, console);
        solveStart = Optional.of(built.solveStart());
        trace.since("solve", built.solveStart()); // the first bake's start to the last one's end
        return images.stream().map(i -> built.results().containsKey(i.name())
                ? i.built(built.results().get(i.name())) : i).toList();
    }

    /** {@code stage.json}: what this shard staged, read back from the registry. */
    private void writeStageReport(List<ImageRun> images) throws IOException {
        List<StageReport.Staged> staged = new ArrayList<>();
        for (ImageRun image : images) {
            if (image.done()) {
                staged.add(new StageReport.Staged(image.name(), image.plan().version(),
                        StagingTag.parse(image.stagingTag().orElseThrow()).orElseThrow(),
                        image.plan().fingerprint()));
            }
        }
        List<StageReport.Entry> entries = StageReport.collect(stores.staging().orElseThrow(), staged);
        Set<Platform> stage = config.release().stage();
        Path file = StageReport.write(config.output().reportDir(), config.project().registry(), stage.stream()
                .map(Platform::toString).sorted().toList(), entries);
        console.info("Staged " + staged.size() + " image(s) for " + Platform.join(stage, ", ") + " (" + file
                + "); release them once every platform is staged");
    }

    /**
     * The release at the end of a pushing run: every image this run built or found staged, parents first; what
     * failed or was blocked is listed, never released. Then what was released is signed.
     */
    private ReleaseAndSign.Result releaseAndSign(PlanStep.Planned planned, List<ImageRun> images)
            throws IOException, InterruptedException {
        return new ReleaseAndSign(stores.releaser().orElseThrow(), config.project().registry(), signing, console,
                ReleaseAndSign.Telling.END_OF_RUN, trace).run(toRelease(planned.graph(), images,
                planned.platformsFor(), config.image().extraTags()), config.release().mode(),
                config.build().tagLatest(), false);
    }

    /**
     * What the release at the end of a run is given: every image not skipped, with why it cannot be released when
     * its build failed, was blocked, or did not run.
     */
    static List<ReleaseImage> toRelease(ImageGraph graph, List<ImageRun> images,
                                        Function<String, List<Platform>> platformsFor, List<String> runTags) {
        List<String> names = new ArrayList<>();
        Map<String, ReleaseImage.NotBuilt> notBuilt = new HashMap<>();
        for (ImageRun image : images) {
            Decision d = image.plan().decision();
            if (d instanceof Decision.Skip) {
                continue;
            }
            names.add(image.name());
            if (d instanceof Decision.Blocked b) {
                notBuilt.put(image.name(), new ReleaseImage.NotBuilt(ImageRelease.Status.BLOCKED, b.reason()));
            } else if (d instanceof Decision.Build && !image.done()) {
                Optional<BuildResult> r = image.build();
                notBuilt.put(image.name(), r.isPresent() && r.get().status() == BuildResult.Status.FAILED
                        ? new ReleaseImage.NotBuilt(ImageRelease.Status.FAILED, "its build failed")
                        : new ReleaseImage.NotBuilt(ImageRelease.Status.BLOCKED, r.flatMap(BuildResult::blockedBy)
                        .map(p -> "parent " + p + " failed").orElse("not built in this run")));
            }
        }
        return ReleaseImages.of(graph, names, platformsFor, notBuilt, runTags);
    }

    /** Each image with what the release did with it: released (at its digest) or, when it was to be, not. */
    private static List<ImageRun> withRelease(List<ImageRun> images, ReleaseAndSign.Result released) {
        Map<String, ImageRelease> byName = new HashMap<>();
        released.outcome().images().forEach(r -> byName.put(r.name(), r));
        return images.stream().map(i -> {
            ImageRelease r = byName.get(i.name());
            if (r == null) {
                return i;
            }
            if (r.status() == ImageRelease.Status.RELEASED) {
                return i.releasedAs(new ImageRun.Release.Released(r.digest()));
            }
            return r.released() ? i : i.releasedAs(new ImageRun.Release.NotReleased());
        }).toList();
    }
}
