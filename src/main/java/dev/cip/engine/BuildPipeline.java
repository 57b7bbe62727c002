package dev.cip.engine;

import dev.cip.context.Project;
import dev.cip.context.ProjectScanner;
import dev.cip.context.Validation;
import dev.cip.failure.ChangedNotBumped;
import dev.cip.failure.IncompleteStaging;
import dev.cip.failure.InvalidSetting;
import dev.cip.graph.ImageGraph;
import dev.cip.graph.ImageNode;
import dev.cip.oci.Platform;
import dev.cip.plan.ExternalBases;
import dev.cip.plan.GraphFingerprints;
import dev.cip.plan.ImagePlan;
import dev.cip.plan.ImageStore;
import dev.cip.plan.Plan;
import dev.cip.plan.Observations;
import dev.cip.plan.Planner;
import dev.cip.plan.StoredImage;
import dev.cip.plan.Survey;
import dev.cip.plan.Advice;
import dev.cip.plan.Decision;
import dev.cip.release.ImageRelease;
import dev.cip.release.ReleaseOutcome;
import dev.cip.release.Releaser;
import dev.cip.release.StagingReader;
import dev.cip.report.BuildResult;
import dev.cip.report.PlanTable;
import dev.cip.sign.Cosign;
import dev.cip.report.RunReport;
import dev.cip.report.Trace;

import dev.cip.process.ProcessRunner;
import dev.cip.report.Console;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One run of {@code build}, {@code publish-locally} or {@code publish}: read the project, plan, then build what the
 * plan says, and report. Knows nothing of Maven.
 */
public final class BuildPipeline {

    /** What a pushing run reads staged images with, releases and signs with: bound to the goal's registry. */
    public record StagingArea(StagingReader reader, Releaser releaser, Signing signing) {
        public StagingArea(StagingReader reader, Releaser releaser) {
            this(reader, releaser, Signing.NONE);
        }
    }

    /**
     * Signatures: {@code sign} signs every digest the run releases; {@code verify} must accept the signature of every
     * published image the plan skips, or nothing is built.
     */
    public record Signing(Optional<Cosign> sign, Optional<Cosign> verify) {
        public static final Signing NONE = new Signing(Optional.empty(), Optional.empty());
    }

    /**
     * What a run decided and did; {@code results} is empty for a dry run.
     *
     * @param release what the release at the end of a pushing run did; empty for staging, loading and dry runs
     */
    public record Outcome(Plan plan, Map<String, BuildResult> results, Optional<ReleaseOutcome> release,
                          List<Cosign.Failure> unsigned) {
        public Outcome {
            unsigned = List.copyOf(unsigned);
        }

        public Outcome(Plan plan, Map<String, BuildResult> results) {
            this(plan, results, Optional.empty(), List.of());
        }

        public List<BuildResult> failures() {
            return results.values().stream().filter(r -> r.status() == BuildResult.Status.FAILED).toList();
        }

        public boolean succeeded() {
            return results.values().stream().allMatch(r -> r.status() == BuildResult.Status.DONE)
                    && plan.images().stream().noneMatch(i -> i.decision() instanceof dev.cip.plan.Decision.Blocked)
                    && release.map(ReleaseOutcome::succeeded).orElse(true) && unsigned.isEmpty();
        }
    }

    /** A docker call made before the solve. */
    @FunctionalInterface
    private interface DockerCall {
        void run() throws IOException, InterruptedException;
    }

    /** Describes the builder; asked only when there is something to build. */
    @FunctionalInterface
    interface BuilderProbe {
        BuilderInfo inspect() throws IOException, InterruptedException;
    }

    private final RunConfig config;
    private final ImageStore store;
    private final Console console;
    private final Optional<StagingArea> staging;
    private final BuilderProbe probe;
    private final Advice advice;
    private final ExternalBases.Check baseCheck;
    private final Trace trace;

    /** A run that loads ({@code build}) or only plans: it reads no staging tags and releases nothing. */
    public BuildPipeline(RunConfig config, ImageStore store, Console console) {
        this(config, store, console, Optional.empty());
    }

    /**
     * @param staging where a pushing run finds what earlier runs staged (parents are built on by their staged
     *                digest) and releases what it staged; required to run a pushing goal (not to plan it)
     */
    public BuildPipeline(RunConfig config, ImageStore store, Console console, Optional<StagingArea> staging) {
        this(config, store, console, staging, () -> BuilderInfo.inspect(config.docker(), config.builder(),
                config.environment()));
    }

    BuildPipeline(RunConfig config, ImageStore store, Console console, Optional<StagingArea> staging,
                  BuilderProbe probe) {
        this(config, store, console, staging, probe, Advice.PLAIN, ExternalBases.OFF, new Trace(config.goalStart()));
    }

    private BuildPipeline(RunConfig config, ImageStore store, Console console, Optional<StagingArea> staging,
                          BuilderProbe probe, Advice advice, ExternalBases.Check baseCheck, Trace trace) {
        this.config = config;
        this.store = store;
        this.console = console;
        this.staging = staging;
        this.probe = probe;
        this.advice = advice;
        this.baseCheck = baseCheck;
        this.trace = trace;
    }

    /** This pipeline, telling the user what to do in {@code advice}'s words (the adapter's goals and properties). */
    public BuildPipeline advisedBy(Advice advice) {
        return new BuildPipeline(config, store, console, staging, probe, advice, baseCheck, trace);
    }

    /** This pipeline, asking upstream registries where the tags of external bases point now (or saying why not). */
    public BuildPipeline checkingBases(ExternalBases.Check check) {
        return new BuildPipeline(config, store, console, staging, probe, advice, check, trace);
    }

    /** This pipeline, recording the time of each of its steps in {@code trace}. */
    public BuildPipeline tracedBy(Trace trace) {
        return new BuildPipeline(config, store, console, staging, probe, advice, baseCheck, trace);
    }

    /**
     * @throws dev.cip.context.InvalidProjectException for a bad project, before anything is built
     * @throws dev.cip.failure.UserFailure              for bad settings (unknown image, bad platform), and what the
     *                                                 user must act on before anything is built
     */
    public Outcome run() throws IOException, InterruptedException {
        validate();
        long start = System.nanoTime();
        Trace.Running scanning = trace.span("scan");
        Project project = new ProjectScanner().scan(config.projectDir());
        project.warnings().forEach(w -> console.warn(w.toString()));
        ImageGraph graph = ImageGraph.of(project, config.registry(), config.buildArgs());
        List<String> selected = graph.select(config.images(), config.withAncestors(), config.withDescendants());
        List<Platform> defaultPlatforms = Platform.parseAll(config.defaultPlatforms());
        Function<String, List<Platform>> platformsFor = name -> config.onlyLocalPlatform() ? List.of()
                : graph.node(name).context().info().platforms().orElse(defaultPlatforms);

        Set<Platform> stage = config.goal().pushes() ? config.release().stage() : Set.of();
        List<Platform> unwanted = stage.stream().filter(p -> selected.stream().noneMatch(n ->
                platformsFor.apply(n).isEmpty() || platformsFor.apply(n).contains(p))).toList();
        if (!unwanted.isEmpty()) {
            throw new InvalidSetting("the stage platform " + Platform.join(unwanted, ", ") + " is wanted by"
                    + " none of the selected images (" + String.join(", ", selected.stream().map(n -> n + ": "
                    + Platform.join(platformsFor.apply(n), ", ")).toList()) + "); stage a platform they are"
                    + " built for. Nothing was built.");
        }
        scanning.close();
        Trace.Running planning = trace.span("plan");
        Observations seen = new Survey(store, 8).observe(graph, selected,
                () -> GraphFingerprints.of(graph, config.buildArgs()));
        Plan plan = ExternalBases.addTo(Planner.decide(config.goal(), graph, selected, platformsFor, seen, stage,
                advice), graph, baseCheck, advice);
        planning.close();
        console.info("Planned " + plan.images().size() + " images against " + store.describe() + " in "
                + (System.nanoTime() - start) / 1_000_000 + " ms:");
        PlanTable.render(plan).forEach(console::info);
        plan.warnings().forEach(console::warn);
        RunReport report = new RunReport();
        try (var s = trace.span("plan reports")) {
            report.writePlan(config.reportDir(), plan, graph);
        }
        if (config.strict() && !plan.changedNotBumped().isEmpty()) {
            List<String> roots = plan.changedRoots();
            List<String> followers = plan.changedNotBumped().stream().filter(n -> !roots.contains(n)).toList();
            throw new ChangedNotBumped(roots, followers, advice.changedNotBumped(roots, followers));
        }
        if (config.strict()) {
            ExternalBases.refuseUnpinned(plan, advice);
        }
        EndOfRun end = new EndOfRun(config, staging, console);
        try (var s = trace.span("verify signatures")) {
            end.verifySignatures(plan);
        }
        Optional<BakeDefinition> definition = Optional.empty();
        Path bakeFile = config.reportDir().resolve("bake.json");
        Files.deleteIfExists(bakeFile);
        boolean push = config.goal().pushes();
        Optional<BuilderInfo> builtOn = Optional.empty();
        if (!plan.toBuild().isEmpty()) {
            Trace.Running probing = trace.span("builder probes");
            DockerFacts docker = askDocker();
            List<String> attest = docker.attestations();
            BuilderInfo builder = docker.builder();
            builtOn = Optional.of(builder);
            console.info(builder.describe());
            Optional<Platform> localPlatform = Optional.empty();
            if (push && plan.toBuild().stream().anyMatch(i -> i.platforms().isEmpty())) {
                // the staging tag of a local-platform image names the platform the builder builds by default
                Optional<Platform> byBuilder = builder.defaultPlatform();
                localPlatform = Optional.of(byBuilder.isPresent() ? byBuilder.get()
                        : LocalPlatform.of(config.docker(), config.environment()));
            }
            probing.close();
            Trace.Running defining = trace.span("bake definition");
            Map<String, Map<String, String>> imageLabels = new HashMap<>();
            Map<String, String> runLabels = OciLabels.of(config, plan, graph, imageLabels);
            BakeDefinition.Settings settings = new BakeDefinition.Settings(push, config.tagLatest(),
                    config.buildArgs(), config.pull(), attest, config.secrets(), runLabels, imageLabels,
                    config.image().extraTags(), config.image().cache(), localPlatform);
            Optional<Platform> local = localPlatform;
            definition = Optional.of(BakeDefinition.of(plan, graph, (name, tag, platforms) -> seen.at(name, tag)
                    .flatMap(StoredImage::digest).or(() -> stagedDigest(seen, name, tag, platforms, local)),
                    settings));
            definition.get().file().write(bakeFile);
            defining.close();
        }
        if (config.dryRun()) {
            console.info("Dry run: nothing built (" + plan.toBuild().size() + " to build, plan in "
                    + config.reportDir().resolve("plan.json") + (definition.isPresent() ? ", bake definition in "
                    + bakeFile : "") + ")");
            return new Outcome(plan, Map.of());
        }
        boolean releases = push && !config.release().staging();
        boolean toRelease = releases && plan.images().stream().anyMatch(i -> i.decision() instanceof Decision.Release);
        if (definition.isEmpty() && !toRelease) {
            console.info("Nothing to build: every selected image is already in " + store.describe());
            try (var s = trace.span("reports")) {
                report.writeRun(config.reportDir(), plan, Map.of(), Set.of(), config.goalStart(), Optional.empty());
            }
            return new Outcome(plan, Map.of());
        }
        if (push && staging.isEmpty()) {
            throw new IllegalStateException("a pushing run needs the registry's staging area");
        }

        Map<String, BuildResult> results = Map.of();
        Optional<Instant> solveStart = Optional.empty();
        if (definition.isPresent()) {
            BakeEngine.Outcome built = build(plan, definition.get(), bakeFile);
            results = built.results();
            solveStart = Optional.of(built.solveStart());
            trace.since("solve", built.solveStart()); // the first bake's start to the last one's end
        }
        Optional<ReleaseOutcome> released = Optional.empty();
        if (config.release().staging()) {
            end.writeStageReport(plan, definition.get(), results);
        } else if (releases) {
            try (var s = trace.span("release")) {
                released = Optional.of(end.release(plan, graph, results, platformsFor));
            }
        }
        List<Cosign.Failure> unsigned = List.of();
        if (released.isPresent()) {
            try (var s = trace.span("sign")) {
                unsigned = end.sign(released.get());
            }
        }
        Map<String, String> releasedDigests = new LinkedHashMap<>();
        Set<String> notReleased = new java.util.LinkedHashSet<>();
        released.ifPresent(o -> o.images().forEach(i -> {
            if (i.status() == ImageRelease.Status.RELEASED) {
                releasedDigests.put(i.name(), i.digest().orElse(""));
            } else if (!i.released()) {
                notReleased.add(i.name());
            }
        }));
        try (var s = trace.span("reports")) {
            report.writeRun(config.reportDir(), plan, results, releasedDigests, notReleased, config.goalStart(),
                    solveStart);
        }
        return new Outcome(plan, results, released, unsigned);
    }

    /** What the bake definition needs from docker: the attestations it can make and the builder. */
    private record DockerFacts(List<String> attestations, BuilderInfo builder) {
    }

    /** The two docker calls the definition needs, side by side. */
    private DockerFacts askDocker() throws IOException, InterruptedException {
        java.util.concurrent.atomic.AtomicReference<List<String>> attestSeen =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<BuilderInfo> builderSeen =
                new java.util.concurrent.atomic.AtomicReference<>();
        List<DockerCall> calls = List.of(
                () -> attestSeen.set(ProvenanceProbe.attestations(config.provenance(), config.image().sbom(),
                        config.docker())),
                () -> builderSeen.set(probe.inspect()));
        try {
            dev.cip.concurrent.Parallel.forEach("cip-docker-probe", 2, calls, call -> {
                try {
                    call.run();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }, () -> { });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        return new DockerFacts(attestSeen.get(), builderSeen.get());
    }

    private BakeEngine.Outcome build(Plan plan, BakeDefinition bake, Path bakeFile)
            throws IOException, InterruptedException {
        Map<String, String> versions = new HashMap<>();
        Map<String, String> describe = new HashMap<>();
        Map<String, Set<String>> inRunParents = new HashMap<>();
        for (ImagePlan image : plan.toBuild()) {
            versions.put(image.name(), image.version());
            describe.put(image.name(), image.platforms().isEmpty() ? "local platform"
                    : Platform.join(image.platforms(), ", "));
            BakeFile.Target target = bake.file().target().get(bake.targetOfImage().get(image.name()));
            Set<String> parents = new java.util.LinkedHashSet<>();
            target.contexts().values().stream().filter(c -> c.startsWith("target:"))
                    .forEach(c -> parents.add(bake.imageOf(c.substring("target:".length()))));
            inRunParents.put(image.name(), parents);
        }
        // An image's bake builds its in-run ancestors without an output (their own bakes push or load them): without
        // this, the docker driver would load each of them into the local store once more.
        Map<String, String> environment = new HashMap<>(config.environment());
        environment.put("BUILDX_NO_DEFAULT_LOAD", "1");
        try (ProcessRunner runner = new ProcessRunner(environment)) {
            BakeEngine engine = new BakeEngine(new BakeEngine.Settings(config.docker(), config.builder(),
                    config.extraArgs(), config.stopOnFirstError(), config.retries(), config.retryBackoff(),
                    config.reportDir(), config.verbose(), Duration.ofSeconds(30)), runner, console);
            return engine.build(bake, bakeFile, versions, describe, inRunParents);
        }
    }

    /**
     * The digest of a staging tag of {@code name:version} holding every platform a child is built for, when the
     * parent is staged by earlier runs but not released: the child is built on exactly that (an index assembled from
     * the shards' tags when no one tag holds them all; see {@link StagingReader#pinnable}).
     */
    private Optional<String> stagedDigest(Observations seen, String name, String version, List<Platform> platforms,
                                          Optional<Platform> localPlatform) {
        if (staging.isEmpty() || seen.stagedAt(name, version).isEmpty()) {
            return Optional.empty();
        }
        List<Platform> wanted = platforms.isEmpty() ? localPlatform.map(List::of).orElse(List.of()) : platforms;
        Optional<String> digest = staging.get().reader().pinnable(name, version, wanted, !config.dryRun())
                .map(StagingReader.Pinned::digest);
        if (digest.isEmpty()) {
            throw new IncompleteStaging(name + " " + version, wanted.stream().map(Platform::toString).toList(),
                    name + " " + version + " is staged, but not for every one of "
                    + Platform.join(wanted, ", ") + " (staged: " + String.join(", ",
                    seen.stagedAt(name, version).keySet()) + "), so its children cannot be built on it; stage the "
                    + "missing platforms first, then run again. Nothing was built.");
        }
        return digest;
    }

    private void validate() {
        if (config.retries() < 0) {
            throw new InvalidSetting("retries must be 0 or more, not " + config.retries());
        }
        for (String p : config.defaultPlatforms()) {
            try {
                Platform.parse(p);
            } catch (InvalidSetting e) {
                throw new InvalidSetting("the default platforms: " + e.getMessage(), e);
            }
        }
        for (String key : config.buildArgs().keySet()) {
            if (!Validation.isArgName(key)) {
                throw new InvalidSetting("build argument key '" + key
                        + "' is not a build argument name (letters, digits and '_')");
            }
        }
        for (String tag : config.image().extraTags()) {
            Validation.extraTagProblem(tag).ifPresent(problem -> {
                throw new InvalidSetting("extra tags: " + problem);
            });
        }
        if (config.registry().isBlank() || config.registry().startsWith("-")
                || config.registry().chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidSetting("'" + config.registry() + "' is not a registry of the form "
                    + "host[:port][/path]");
        }
    }
}
