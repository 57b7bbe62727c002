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
import dev.cip.report.BuildResult;
import dev.cip.report.PlanTable;
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

    /** Everything a run needs, already validated by the caller where noted. */
    public record Config(Goal goal, Path projectDir, String registry, List<String> defaultPlatforms,
                         boolean onlyLocalPlatform, List<String> images, boolean withAncestors,
                         boolean withDescendants, Map<String, String> buildArgs, List<String> extraArgs,
                         boolean pull, String provenance, boolean tagLatest, Optional<String> builder, String docker,
                         boolean stopOnFirstError, int retries, Duration retryBackoff,
                         boolean verbose, boolean dryRun, boolean strict, Path reportDir,
                         Map<String, String> environment, List<String> secrets, Instant goalStart) {
        public Config {
            secrets = List.copyOf(secrets);
            defaultPlatforms = List.copyOf(defaultPlatforms);
            images = List.copyOf(images);
            buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
            extraArgs = List.copyOf(extraArgs);
            environment = Map.copyOf(environment);
        }
    }

    /** What a run decided and did; {@code results} is empty for a dry run. */
    public record Outcome(Plan plan, Map<String, BuildResult> results) {
        public List<BuildResult> failures() {
            return results.values().stream().filter(r -> r.status() == BuildResult.Status.FAILED).toList();
        }

        public boolean succeeded() {
            return results.values().stream().allMatch(r -> r.status() == BuildResult.Status.DONE)
                    && plan.images().stream().noneMatch(i -> i.decision() instanceof dev.cip.plan.Decision.Blocked);
        }
    }

    private final Config config;
    private final ImageStore store;
    private final Console console;

    public BuildPipeline(Config config, ImageStore store, Console console) {
        this.config = config;
        this.store = store;
        this.console = console;
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
        Plan plan = Planner.decide(config.goal(), graph, selected, platformsFor, seen);
        console.info("Planned " + plan.images().size() + " images against " + store.describe() + " in "
                + (System.nanoTime() - start) / 1_000_000 + " ms:");
        PlanTable.render(plan).forEach(console::info);
        plan.warnings().forEach(console::warn);
        RunReport report = new RunReport();
        report.writePlan(config.reportDir(), plan, graph);
        if (config.strict() && !plan.changedNotBumped().isEmpty()) {
            throw new IllegalArgumentException("cip.strict: the content of " + String.join(", ",
                    plan.changedNotBumped()) + " changed since its version was published, but the version was not "
                    + "bumped; bump :version in info.edn (or run mvn cip:cascade -Dcip.bumpImage=<image>). "
                    + "Nothing was built.");
        }
        Optional<BakeDefinition> definition = Optional.empty();
        Path bakeFile = config.reportDir().resolve("bake.json");
        Files.deleteIfExists(bakeFile);
        if (!plan.toBuild().isEmpty()) {
            Optional<Boolean> provenance = ProvenanceProbe.resolve(config.provenance(), config.docker());
            definition = Optional.of(BakeDefinition.of(plan, graph,
                    (name, tag) -> seen.at(name, tag).flatMap(StoredImage::digest), new BakeDefinition.Settings(
                    config.goal().pushes(), config.tagLatest(), config.buildArgs(), config.pull(), provenance,
                    config.secrets(), Map.of())));
            definition.get().file().write(bakeFile);
        }
        if (config.dryRun()) {
            console.info("Dry run: nothing built (" + plan.toBuild().size() + " to build, plan in "
                    + config.reportDir().resolve("plan.json") + (definition.isPresent() ? ", bake definition in "
                    + bakeFile : "") + ")");
            return new Outcome(plan, Map.of());
        }
        if (definition.isEmpty()) {
            console.info("Nothing to build: every selected image is already in " + store.describe());
            report.writeRun(config.reportDir(), plan, Map.of(), Set.of(), config.goalStart(), Optional.empty());
            return new Outcome(plan, Map.of());
        }

        BakeDefinition bake = definition.get();
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
        BakeEngine.Outcome built;
        try (ProcessRunner runner = new ProcessRunner(config.environment())) {
            BakeEngine engine = new BakeEngine(new BakeEngine.Settings(config.docker(), config.builder(),
                    config.extraArgs(), config.stopOnFirstError(), config.retries(), config.retryBackoff(),
                    config.reportDir(), config.verbose(), Duration.ofSeconds(30)), runner, console);
            built = engine.build(bake, bakeFile, versions, describe, inRunParents);
        }
        report.writeRun(config.reportDir(), plan, built.results(), Set.of(), config.goalStart(),
                Optional.of(built.solveStart()));
        return new Outcome(plan, built.results());
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
            throw new IllegalArgumentException("cip.retries must be 0 or more, not " + config.retries());
        }
        for (String p : config.defaultPlatforms()) {
            try {
                Platform.parse(p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cip.platforms holds " + e.getMessage(), e);
            }
        }
        for (String key : config.buildArgs().keySet()) {
            if (!Validation.isArgName(key)) {
                throw new IllegalArgumentException("cip.buildArgs key '" + key
                        + "' is not a build argument name (letters, digits and '_')");
            }
        }
        if (config.registry().isBlank() || config.registry().startsWith("-")
                || config.registry().chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + config.registry() + "' is not a registry of the form "
                    + "host[:port][/path]");
        }
    }
}
