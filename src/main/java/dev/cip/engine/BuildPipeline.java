package dev.cip.engine;

import dev.cip.context.Project;
import dev.cip.context.ProjectScanner;
import dev.cip.context.Validation;
import dev.cip.graph.ImageGraph;
import dev.cip.graph.ImageNode;
import dev.cip.oci.Platform;
import dev.cip.plan.Fingerprinter;
import dev.cip.plan.Goal;
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
import dev.cip.release.ReleaseImage;
import dev.cip.release.ReleaseImages;
import dev.cip.release.ReleaseMode;
import dev.cip.release.ReleaseOutcome;
import dev.cip.release.Releaser;
import dev.cip.release.StageReport;
import dev.cip.release.StagingReader;
import dev.cip.release.StagingTag;
import dev.cip.report.BuildResult;
import dev.cip.report.PlanTable;
import dev.cip.sign.Cosign;
import dev.cip.report.RunReport;

import dev.cip.process.ProcessRunner;
import dev.cip.report.Console;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    /**
     * Everything a run needs, grouped by concern, already validated by the caller where noted.
     *
     * @param goal      build (load), publish-locally or publish
     * @param project   which project, against which registry
     * @param selection which images, for which platforms
     * @param build     what every build gets
     * @param engine    how bake is run
     * @param output    what is written, and whether anything is built
     * @param release   how a pushing run ends
     * @param image     labels, extra tags, cache and attestations of every image
     */
    public record Config(Goal goal, ProjectTarget project, Selection selection, BuildOptions build,
                         EngineOptions engine, Output output, Release release, ImageOptions image) {
        public Config {
            java.util.Objects.requireNonNull(goal, "goal");
            java.util.Objects.requireNonNull(project, "project");
            java.util.Objects.requireNonNull(selection, "selection");
            java.util.Objects.requireNonNull(build, "build");
            java.util.Objects.requireNonNull(engine, "engine");
            java.util.Objects.requireNonNull(output, "output");
            java.util.Objects.requireNonNull(release, "release");
            java.util.Objects.requireNonNull(image, "image");
        }

        public Path projectDir() {
            return project.directory();
        }

        public String registry() {
            return project.registry();
        }

        public List<String> defaultPlatforms() {
            return selection.defaultPlatforms();
        }

        public boolean onlyLocalPlatform() {
            return selection.onlyLocalPlatform();
        }

        public List<String> images() {
            return selection.images();
        }

        public boolean withAncestors() {
            return selection.withAncestors();
        }

        public boolean withDescendants() {
            return selection.withDescendants();
        }

        public Map<String, String> buildArgs() {
            return build.buildArgs();
        }

        public List<String> extraArgs() {
            return engine.extraArgs();
        }

        public boolean pull() {
            return build.pull();
        }

        public String provenance() {
            return build.provenance();
        }

        public boolean tagLatest() {
            return build.tagLatest();
        }

        public List<String> secrets() {
            return build.secrets();
        }

        public Optional<String> builder() {
            return engine.builder();
        }

        public String docker() {
            return engine.docker();
        }

        public boolean stopOnFirstError() {
            return engine.stopOnFirstError();
        }

        public int retries() {
            return engine.retries();
        }

        public Duration retryBackoff() {
            return engine.retryBackoff();
        }

        public boolean verbose() {
            return engine.verbose();
        }

        public Map<String, String> environment() {
            return engine.environment();
        }

        public boolean dryRun() {
            return output.dryRun();
        }

        public boolean strict() {
            return output.strict();
        }

        public Path reportDir() {
            return output.reportDir();
        }

        public Instant goalStart() {
            return output.goalStart();
        }
    }

    /** The project's directory (holding {@code contexts/}) and the registry its images are planned against. */
    public record ProjectTarget(Path directory, String registry) {
        public ProjectTarget {
            java.util.Objects.requireNonNull(directory, "directory");
            java.util.Objects.requireNonNull(registry, "registry");
        }
    }

    /**
     * Which images a run acts on, and for which platforms.
     *
     * @param images            the names asked for; all when empty
     * @param defaultPlatforms  {@code os/arch[/variant]} for images whose info.edn names none
     * @param onlyLocalPlatform build for the builder's own platform only (no {@code --platform})
     */
    public record Selection(List<String> images, boolean withAncestors, boolean withDescendants,
                            List<String> defaultPlatforms, boolean onlyLocalPlatform) {
        public Selection {
            images = List.copyOf(images);
            defaultPlatforms = List.copyOf(defaultPlatforms);
        }
    }

    /**
     * What every build gets.
     *
     * @param buildArgs  build arguments of every image (its info.edn {@code :build-args} win)
     * @param pull       pull external bases
     * @param provenance {@code auto}, {@code true}, {@code false}, {@code mode=min} or {@code mode=max}
     * @param tagLatest  also tag {@code latest}
     * @param secrets    {@code id=…,env=…} / {@code id=…,src=…} entries: names only, never values
     */
    public record BuildOptions(Map<String, String> buildArgs, boolean pull, String provenance, boolean tagLatest,
                               List<String> secrets) {
        public BuildOptions {
            buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
            secrets = List.copyOf(secrets);
        }
    }

    /**
     * How {@code docker buildx bake} is run.
     *
     * @param extraArgs   appended verbatim to the bake call
     * @param retries     solves again of an image whose push hit a transient registry error
     * @param environment added to docker's environment ({@code DOCKER_CONFIG} with the run's credentials)
     */
    public record EngineOptions(String docker, Optional<String> builder, List<String> extraArgs,
                                boolean stopOnFirstError, int retries, Duration retryBackoff, boolean verbose,
                                Map<String, String> environment) {
        public EngineOptions {
            java.util.Objects.requireNonNull(docker, "docker");
            java.util.Objects.requireNonNull(builder, "builder");
            extraArgs = List.copyOf(extraArgs);
            environment = Map.copyOf(environment);
        }
    }

    /**
     * What a run writes, and whether it builds.
     *
     * @param dryRun    plan only: write the plan and the bake definition, build nothing
     * @param strict    fail before building when a content changed without a version bump
     * @param goalStart when the goal started, for the report
     */
    public record Output(Path reportDir, boolean dryRun, boolean strict, Instant goalStart) {
        public Output {
            java.util.Objects.requireNonNull(reportDir, "reportDir");
            java.util.Objects.requireNonNull(goalStart, "goalStart");
        }
    }

    /**
     * What every built image carries and where its build cache lives.
     *
     * @param extraTags tags every image is released (or loaded) under besides {@code <version>} and {@code latest},
     *                  after its info.edn {@code :tags}; each already checked as an extra tag
     * @param source    the {@code org.opencontainers.image.source} label; empty: the git remote {@code origin} of the
     *                  project, when there is one
     * @param created   set {@code org.opencontainers.image.created} to the run's start
     * @param cache     where the build cache is exported to and imported from
     * @param sbom      request an SBOM attestation of every image
     */
    public record ImageOptions(List<String> extraTags, Optional<String> source, boolean created, BuildCache cache,
                               boolean sbom) {
        public ImageOptions {
            extraTags = List.copyOf(extraTags);
            java.util.Objects.requireNonNull(source, "source");
            java.util.Objects.requireNonNull(cache, "cache");
        }

        /** No extra tags, source from git, {@code created} set, no registry cache, no SBOM. */
        public static ImageOptions defaults() {
            return new ImageOptions(List.of(), Optional.empty(), true, BuildCache.NONE, false);
        }
    }

    /**
     * How a pushing run ends: staged only ({@code stage} not empty: one shard, for these platforms), or released at
     * the end ({@code mode}).
     */
    public record Release(Set<Platform> stage, ReleaseMode mode) {
        public Release {
            stage = Set.copyOf(stage);
            java.util.Objects.requireNonNull(mode, "mode");
        }

        /** Not a staging run: release at the end, image by image. */
        public static Release atEnd() {
            return new Release(Set.of(), ReleaseMode.END);
        }

        public boolean staging() {
            return !stage.isEmpty();
        }
    }

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

    private final Config config;
    private final ImageStore store;
    private final Console console;
    private final Optional<StagingArea> staging;
    private final BuilderProbe probe;
    private final Advice advice;

    /** A run that loads ({@code build}) or only plans: it reads no staging tags and releases nothing. */
    public BuildPipeline(Config config, ImageStore store, Console console) {
        this(config, store, console, Optional.empty());
    }

    /**
     * @param staging where a pushing run finds what earlier runs staged (parents are built on by their staged
     *                digest) and releases what it staged; required to run a pushing goal (not to plan it)
     */
    public BuildPipeline(Config config, ImageStore store, Console console, Optional<StagingArea> staging) {
        this(config, store, console, staging, () -> BuilderInfo.inspect(config.docker(), config.builder(),
                config.environment()));
    }

    BuildPipeline(Config config, ImageStore store, Console console, Optional<StagingArea> staging,
                  BuilderProbe probe) {
        this(config, store, console, staging, probe, Advice.PLAIN);
    }

    private BuildPipeline(Config config, ImageStore store, Console console, Optional<StagingArea> staging,
                          BuilderProbe probe, Advice advice) {
        this.config = config;
        this.store = store;
        this.console = console;
        this.staging = staging;
        this.probe = probe;
        this.advice = advice;
    }

    /** This pipeline, telling the user what to do in {@code advice}'s words (the adapter's goals and properties). */
    public BuildPipeline advisedBy(Advice advice) {
        return new BuildPipeline(config, store, console, staging, probe, advice);
    }

    /**
     * Strict mode: images whose content changed since their version was published, though the version was not
     * bumped. Nothing was built.
     */
    public static final class ChangedNotBumped extends IllegalArgumentException {
        private final List<String> images;

        public ChangedNotBumped(List<String> images) {
            super("strict mode: the content of " + String.join(", ", images) + " changed since its version was "
                    + "published, but the version was not bumped; bump :version in info.edn (or cascade a bump of "
                    + "the image). Nothing was built.");
            this.images = List.copyOf(images);
        }

        public List<String> images() {
            return images;
        }
    }

    /**
     * @throws dev.cip.context.InvalidProjectException for a bad project, before anything is built
     * @throws IllegalArgumentException                for bad parameters (unknown image, bad platform)
     */
    public Outcome run() throws IOException, InterruptedException {
        validate();
        long start = System.nanoTime();
        Project project = new ProjectScanner().scan(config.projectDir());
        project.warnings().forEach(w -> console.warn(w.toString()));
        ImageGraph graph = ImageGraph.of(project, config.registry(), config.buildArgs());
        List<String> selected = graph.select(config.images(), config.withAncestors(), config.withDescendants());
        List<Platform> defaultPlatforms = Platform.parseAll(config.defaultPlatforms());
        Function<String, List<Platform>> platformsFor = name -> config.onlyLocalPlatform() ? List.of()
                : graph.node(name).context().info().platforms().orElse(defaultPlatforms);

        Observations seen = new Survey(store, 8).observe(graph, selected, () -> fingerprints(graph, platformsFor));
        Set<Platform> stage = config.goal().pushes() ? config.release().stage() : Set.of();
        Plan plan = Planner.decide(config.goal(), graph, selected, platformsFor, seen, stage, advice);
        console.info("Planned " + plan.images().size() + " images against " + store.describe() + " in "
                + (System.nanoTime() - start) / 1_000_000 + " ms:");
        PlanTable.render(plan).forEach(console::info);
        plan.warnings().forEach(console::warn);
        RunReport report = new RunReport();
        report.writePlan(config.reportDir(), plan, graph);
        if (config.strict() && !plan.changedNotBumped().isEmpty()) {
            throw new ChangedNotBumped(plan.changedNotBumped());
        }
        verifySignatures(plan);
        Optional<BakeDefinition> definition = Optional.empty();
        Path bakeFile = config.reportDir().resolve("bake.json");
        Files.deleteIfExists(bakeFile);
        boolean push = config.goal().pushes();
        if (!plan.toBuild().isEmpty()) {
            // the two docker calls the definition needs run side by side
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
            List<String> attest = attestSeen.get();
            BuilderInfo builder = builderSeen.get();
            console.info(builder.describe());
            Optional<Platform> localPlatform = Optional.empty();
            if (push && plan.toBuild().stream().anyMatch(i -> i.platforms().isEmpty())) {
                // the staging tag of a local-platform image names the platform the builder builds by default
                Optional<Platform> byBuilder = builder.defaultPlatform();
                localPlatform = Optional.of(byBuilder.isPresent() ? byBuilder.get()
                        : LocalPlatform.of(config.docker(), config.environment()));
            }
            Map<String, Map<String, String>> imageLabels = new HashMap<>();
            Map<String, String> runLabels = labels(plan, graph, imageLabels);
            BakeDefinition.Settings settings = new BakeDefinition.Settings(push, config.tagLatest(),
                    config.buildArgs(), config.pull(), attest, config.secrets(), runLabels, imageLabels,
                    config.image().extraTags(), config.image().cache(), localPlatform);
            Optional<Platform> local = localPlatform;
            definition = Optional.of(BakeDefinition.of(plan, graph, (name, tag, platforms) -> seen.at(name, tag)
                    .flatMap(StoredImage::digest).or(() -> stagedDigest(seen, name, tag, platforms, local)),
                    settings));
            definition.get().file().write(bakeFile);
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
            report.writeRun(config.reportDir(), plan, Map.of(), Set.of(), config.goalStart(), Optional.empty());
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
        }
        Optional<ReleaseOutcome> released = Optional.empty();
        if (config.release().staging()) {
            writeStageReport(plan, definition.get(), results);
        } else if (releases) {
            released = Optional.of(release(plan, graph, results, platformsFor));
        }
        List<Cosign.Failure> unsigned = released.isPresent() ? sign(released.get()) : List.of();
        Map<String, String> releasedDigests = new LinkedHashMap<>();
        Set<String> notReleased = new java.util.LinkedHashSet<>();
        released.ifPresent(o -> o.images().forEach(i -> {
            if (i.status() == ImageRelease.Status.RELEASED) {
                releasedDigests.put(i.name(), i.digest().orElse(""));
            } else if (!i.released()) {
                notReleased.add(i.name());
            }
        }));
        report.writeRun(config.reportDir(), plan, results, releasedDigests, notReleased, config.goalStart(),
                solveStart);
        return new Outcome(plan, results, released, unsigned);
    }

    /** With {@code verify}: every skipped, published image must carry a valid signature, or nothing is built. */
    private void verifySignatures(Plan plan) throws IOException, InterruptedException {
        Optional<Cosign> verifier = staging.flatMap(s -> s.signing().verify());
        if (verifier.isEmpty()) {
            return;
        }
        List<String> refs = plan.images().stream().filter(i -> i.decision() instanceof Decision.Skip)
                .filter(i -> i.publishedDigest().isPresent())
                .map(i -> plan.registry() + "/" + i.name() + "@" + i.publishedDigest().get()).toList();
        long start = System.nanoTime();
        List<Cosign.Failure> failures = verifier.get().verify(refs);
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder("signature check failed for " + failures.size() + " published "
                    + "image(s) this run would build on or skip; nothing was built:");
            failures.forEach(f -> sb.append("\n  - ").append(f.reference()).append(": ").append(f.reason()));
            throw new IllegalArgumentException(sb.toString());
        }
        console.info("Signatures verified on " + refs.size() + " published image(s) in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /** With {@code sign}: signs the digest of every image the release tagged. */
    private List<Cosign.Failure> sign(ReleaseOutcome outcome) throws IOException, InterruptedException {
        Optional<Cosign> signer = staging.flatMap(s -> s.signing().sign());
        if (signer.isEmpty()) {
            return List.of();
        }
        List<String> refs = outcome.images().stream().filter(i -> i.status() == ImageRelease.Status.RELEASED)
                .filter(i -> i.digest().isPresent())
                .map(i -> config.registry() + "/" + i.name() + "@" + i.digest().get()).toList();
        List<Cosign.Failure> failures = signer.get().sign(refs);
        failures.forEach(f -> console.error("not signed: " + f.reference() + ": " + f.reason()));
        console.info("Signed " + (refs.size() - failures.size()) + " of " + refs.size() + " released image(s)");
        return failures;
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
        try (ProcessRunner runner = new ProcessRunner(config.environment())) {
            BakeEngine engine = new BakeEngine(new BakeEngine.Settings(config.docker(), config.builder(),
                    config.extraArgs(), config.stopOnFirstError(), config.retries(), config.retryBackoff(),
                    config.reportDir(), config.verbose(), Duration.ofSeconds(30)), runner, console);
            return engine.build(bake, bakeFile, versions, describe, inRunParents);
        }
    }

    /**
     * The digest of a staging tag of {@code name:version} holding every platform a child is built for, when the
     * parent is staged by an earlier run but not released: the child is built on exactly that.
     */
    private Optional<String> stagedDigest(Observations seen, String name, String version, List<Platform> platforms,
                                          Optional<Platform> localPlatform) {
        if (staging.isEmpty() || seen.stagedAt(name, version).isEmpty()) {
            return Optional.empty();
        }
        List<Platform> wanted = platforms.isEmpty() ? localPlatform.map(List::of).orElse(List.of()) : platforms;
        Optional<String> digest = staging.get().reader().covering(name, version, wanted)
                .map(StagingReader.Pinned::digest);
        if (digest.isEmpty()) {
            throw new IllegalArgumentException(name + " " + version + " is staged, but no single staging tag holds "
                    + Platform.join(wanted, ", ") + " (staged: " + String.join(", ",
                    seen.stagedAt(name, version).keySet()) + "), so its children cannot be built on it in one "
                    + "solve; release it first, then run again. Nothing was built.");
        }
        return digest;
    }

    /** {@code stage.json}: what this shard staged, read back from the registry. */
    private void writeStageReport(Plan plan, BakeDefinition bake, Map<String, BuildResult> results)
            throws IOException {
        List<StageReport.Staged> staged = new ArrayList<>();
        for (ImagePlan image : plan.toBuild()) {
            BuildResult r = results.get(image.name());
            if (r != null && r.status() == BuildResult.Status.DONE) {
                BakeFile.Target target = bake.file().target().get(bake.targetOfImage().get(image.name()));
                String tag = target.tags().get(0).substring(target.tags().get(0).lastIndexOf(':') + 1);
                staged.add(new StageReport.Staged(image.name(), image.version(), StagingTag.parse(tag)
                        .orElseThrow(), image.fingerprint()));
            }
        }
        List<StageReport.Entry> entries = StageReport.collect(staging.orElseThrow().reader(), staged);
        Path file = StageReport.write(config.reportDir(), config.registry(), config.release().stage().stream()
                .map(Platform::toString).sorted().toList(), entries);
        console.info("Staged " + staged.size() + " image(s) for " + Platform.join(config.release().stage(), ", ")
                + " (" + file + "); release them once every platform is staged");
    }

    /**
     * The release at the end of a pushing run: every image this run built or found staged, parents first; what
     * failed or was blocked is listed, never released.
     */
    private ReleaseOutcome release(Plan plan, ImageGraph graph, Map<String, BuildResult> results,
                                   Function<String, List<Platform>> platformsFor) throws InterruptedException {
        List<String> names = new ArrayList<>();
        Map<String, ReleaseImage.NotBuilt> notBuilt = new HashMap<>();
        for (ImagePlan image : plan.images()) {
            Decision d = image.decision();
            if (d instanceof Decision.Skip) {
                continue;
            }
            names.add(image.name());
            if (d instanceof Decision.Blocked b) {
                notBuilt.put(image.name(), new ReleaseImage.NotBuilt(ImageRelease.Status.BLOCKED, b.reason()));
            } else if (d instanceof Decision.Build) {
                BuildResult r = results.get(image.name());
                if (r == null || r.status() != BuildResult.Status.DONE) {
                    notBuilt.put(image.name(), r != null && r.status() == BuildResult.Status.FAILED
                            ? new ReleaseImage.NotBuilt(ImageRelease.Status.FAILED, "its build failed")
                            : new ReleaseImage.NotBuilt(ImageRelease.Status.BLOCKED, r != null
                            && r.blockedBy().isPresent() ? "parent " + r.blockedBy().get() + " failed"
                            : "not built in this run"));
                }
            }
        }
        List<ReleaseImage> images = ReleaseImages.of(graph, names, platformsFor, notBuilt,
                config.image().extraTags());
        long start = System.nanoTime();
        ReleaseOutcome outcome = staging.orElseThrow().releaser().release(images, config.release().mode(),
                config.tagLatest(), false);
        for (ImageRelease r : outcome.images()) {
            String line = "release " + r.name() + " " + r.version() + ": " + r.status().name()
                    .toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " (" + r.reason() + ")";
            if (r.released() || r.status() == ImageRelease.Status.HELD) {
                console.info(line);
            } else {
                console.warn(line);
            }
        }
        console.info("Released " + outcome.with(ImageRelease.Status.RELEASED).size() + " image(s) in "
                + (System.nanoTime() - start) / 1_000_000 + " ms (release mode " + config.release().mode().id() + ")"
                + (outcome.leftStaging().isEmpty() ? "" : "; " + outcome.leftStaging().size()
                + " staging tag(s) left (the registry does not delete tags)"));
        return outcome;
    }

    /**
     * The OCI labels of the run ({@code created}, {@code source}), returned, and of each image to build (its git
     * {@code revision}), put in {@code perImage}. Git is asked only when the project is in a git work tree; what it
     * cannot tell is left out. The fingerprint never depends on them.
     */
    private Map<String, String> labels(Plan plan, ImageGraph graph, Map<String, Map<String, String>> perImage)
            throws InterruptedException {
        Map<String, String> run = new LinkedHashMap<>();
        if (config.image().created()) {
            run.put(BakeDefinition.CREATED_LABEL, config.goalStart().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    .toString());
        }
        try (ProcessRunner runner = new ProcessRunner()) {
            GitFacts git = new GitFacts(runner, "git");
            Optional<String> source = config.image().source().filter(v -> !v.isBlank())
                    .map(GitFacts::withoutCredentials);
            boolean inGit = git.inWorkTree(config.projectDir());
            if (source.isEmpty() && inGit) {
                source = git.originUrl(config.projectDir());
            }
            source.ifPresent(v -> run.put(BakeDefinition.SOURCE_LABEL, v));
            if (inGit) {
                Map<String, Map<String, String>> found = new java.util.concurrent.ConcurrentHashMap<>();
                dev.cip.concurrent.Parallel.forEach("cip-git", 4, plan.toBuild(), image -> {
                    try {
                        git.revision(graph.node(image.name()).context().directory()).ifPresent(r ->
                                found.put(image.name(), Map.of(BakeDefinition.REVISION_LABEL, r)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, () -> { });
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while reading git revisions");
                }
                perImage.putAll(found);
            }
        }
        return run;
    }

    /** The content fingerprint of every image, parents first (a child's includes its parents'). */
    private Map<String, String> fingerprints(ImageGraph graph, Function<String, List<Platform>> platformsFor) {
        Fingerprinter fingerprinter = new Fingerprinter();
        Map<String, String> prints = new HashMap<>();
        for (String name : graph.topologicalOrder()) {
            ImageNode node = graph.node(name);
            Map<String, String> args = new LinkedHashMap<>(config.buildArgs());
            args.putAll(node.context().info().buildArgs());
            args.remove("REGISTRY"); // the same content under another registry is the same image
            Map<String, String> parents = new HashMap<>();
            for (var edge : node.internal()) {
                String current = graph.node(edge.parent()).version();
                String wanted = edge.expectedVersion().filter(v -> !v.equals(ImageGraph.LATEST)).orElse(current);
                // A stale reference builds on the published old version, not on the context as it is now.
                parents.put(edge.parent(), wanted.equals(current) ? prints.get(edge.parent()) : "version:" + wanted);
            }
            prints.put(name, fingerprinter.fingerprint(node.context().directory(), args,
                    platformsFor.apply(name).stream().map(Platform::toString).toList(),
                    parents));
        }
        return prints;
    }

    private void validate() {
        if (config.retries() < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, not " + config.retries());
        }
        for (String p : config.defaultPlatforms()) {
            try {
                Platform.parse(p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the default platforms hold " + e.getMessage(), e);
            }
        }
        for (String key : config.buildArgs().keySet()) {
            if (!Validation.isArgName(key)) {
                throw new IllegalArgumentException("build argument key '" + key
                        + "' is not a build argument name (letters, digits and '_')");
            }
        }
        for (String tag : config.image().extraTags()) {
            Validation.extraTagProblem(tag).ifPresent(problem -> {
                throw new IllegalArgumentException("the extra tag " + problem);
            });
        }
        if (config.registry().isBlank() || config.registry().startsWith("-")
                || config.registry().chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + config.registry() + "' is not a registry of the form "
                    + "host[:port][/path]");
        }
    }
}
