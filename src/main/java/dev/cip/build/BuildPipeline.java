package dev.cip.build;

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
import dev.cip.plan.Planner;
import dev.cip.process.ProcessRunner;
import dev.cip.report.PlanTable;
import dev.cip.report.RunReport;

import java.io.IOException;
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
                         int parallelism, boolean stopOnFirstError, int retries, Duration retryBackoff,
                         boolean verbose, boolean dryRun, boolean strict, Path reportDir,
                         Map<String, String> environment) {
        public Config {
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
            return results.values().stream().filter(r -> r.status() == Scheduler.Status.FAILED).toList();
        }

        public boolean succeeded() {
            return results.values().stream().allMatch(r -> r.status() == Scheduler.Status.DONE)
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

        Planner planner = new Planner(store, 8);
        Plan plan = planner.plan(config.goal(), graph, selected, platformsFor,
                () -> fingerprints(graph, platformsFor));
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
        if (config.dryRun()) {
            console.info("Dry run: nothing built (" + plan.toBuild().size() + " to build, plan in "
                    + config.reportDir().resolve("plan.json") + ")");
            return new Outcome(plan, Map.of());
        }
        if (plan.toBuild().isEmpty()) {
            console.info("Nothing to build: every selected image is already in " + store.describe());
            report.writeRun(config.reportDir(), plan, Map.of());
            return new Outcome(plan, Map.of());
        }

        Optional<Boolean> provenance = ProvenanceProbe.resolve(config.provenance(), config.docker());
        List<BuildRequest> requests = new ArrayList<>();
        Map<String, Set<String>> dependencies = new HashMap<>();
        Map<String, String> describe = new HashMap<>();
        for (ImagePlan image : plan.toBuild()) {
            ImageNode node = graph.node(image.name());
            requests.add(request(node, image, provenance));
            dependencies.put(image.name(), image.parents());
            describe.put(image.name(), image.platforms().isEmpty() ? "local platform"
                    : Platform.join(image.platforms(), ", "));
        }
        Map<String, BuildResult> results;
        try (ProcessRunner runner = new ProcessRunner(config.environment())) {
            BuildExecutor executor = new BuildExecutor(new BuildExecutor.Settings(config.docker(),
                    config.parallelism(), config.stopOnFirstError(), config.retries(), config.retryBackoff(),
                    config.reportDir().resolve("logs"), config.verbose()), runner, console::info);
            results = executor.execute(requests, dependencies, describe);
        }
        report.writeRun(config.reportDir(), plan, results);
        return new Outcome(plan, results);
    }

    private BuildRequest request(ImageNode node, ImagePlan image, Optional<Boolean> provenance) {
        Map<String, String> args = new LinkedHashMap<>(config.buildArgs());
        args.putAll(node.context().info().buildArgs());
        args.remove("REGISTRY"); // always the goal's registry, passed first
        // In cip:build a child must use its parent just loaded into the local store: --pull would fetch a remote one.
        boolean pull = config.pull() && !(config.goal() == Goal.BUILD && !node.internal().isEmpty());
        return new BuildRequest(node.name(), node.version(), config.registry(), node.context().directory(), args,
                image.fingerprint().map(f -> Map.of(Fingerprinter.LABEL, f)).orElse(Map.of()), config.tagLatest(),
                image.platforms().stream().map(Platform::toString).toList(), pull,
                config.goal().pushes() ? BuildRequest.Output.PUSH : BuildRequest.Output.LOAD, provenance,
                config.builder(), Optional.of(config.reportDir().resolve("meta").resolve(node.name() + ".json")),
                config.extraArgs());
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
        if (config.parallelism() < 1) {
            throw new IllegalArgumentException("cip.parallelism must be at least 1, not " + config.parallelism());
        }
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
