package dev.cip.bench;

import dev.cip.registry.RegistryOptions;
import dev.cip.app.BuildRun;
import dev.cip.engine.RunConfig;
import dev.cip.report.Console;
import dev.cip.context.Project;
import dev.cip.context.ProjectScanner;
import dev.cip.graph.ImageGraph;
import dev.cip.graph.ImageNode;
import dev.cip.plan.Fingerprinter;
import dev.cip.plan.Goal;
import dev.cip.plan.Plan;
import dev.cip.plan.Planner;
import dev.cip.store.RegistryImageStore;
import dev.cip.store.SummaryCache;
import dev.cip.registry.RegistryClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Times the plan of {@code cip:publish-locally} inside the plugin, without Maven: what {@code BuildRun.run()} does
 * before it builds (scan, graph, registry lookups, fingerprints, decisions), split into phases, and the whole dry-run
 * pipeline (which also prints the table and writes plan.json). Each run opens a new {@link RegistryClient}, as each goal
 * execution does. The first run is a cold JVM; the others are warm. Not a test: run it with
 * {@code bench/plan.sh} (see bench/README.md).
 *
 * <p>Arguments: {@code <projectDir> <registry> [runs=10] [concurrency=8] [maxConcurrentPerRegistry=8]}.
 */
public final class PlanBench {
    private PlanBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath().normalize();
        String registry = args[1];
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int perRegistry = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        Path reportDir = Files.createTempDirectory("cip-planbench");
        List<double[]> phases = new ArrayList<>();
        List<Double> pipelines = new ArrayList<>();
        int images = 0;
        long toBuild = 0;
        // As the plugin does with cip.cacheDir: what was read of published digests is kept between runs (run 1 starts
        // empty); -Dbench.cache=none plans without it.
        boolean useCache = !"none".equals(System.getProperty("bench.cache"));
        Path cacheFile = reportDir.resolve("registry-summaries.json");
        for (int run = 0; run < runs; run++) {
            SummaryCache cache = useCache ? SummaryCache.load(cacheFile) : SummaryCache.none();
            long t0 = System.nanoTime();
            try (RegistryClient client = new RegistryClient(RegistryOptions.defaults()
                    .withMaxConcurrentPerRegistry(perRegistry))) {
                long t1 = System.nanoTime();
                Project project = new ProjectScanner().scan(dir);
                long t2 = System.nanoTime();
                ImageGraph graph = ImageGraph.of(project, registry, Map.of());
                List<String> selected = graph.select(List.of(), false, false);
                long t3 = System.nanoTime();
                if (System.getProperty("bench.split") != null) { // each part alone, for profiling
                    long f0 = System.nanoTime();
                    Map<String, String> prints = fingerprints(graph);
                    long f1 = System.nanoTime();
                    new Planner(new RegistryImageStore(client, registry, true), concurrency)
                            .plan(Goal.PUBLISH_LOCALLY, graph, selected, name -> List.of(), () -> prints);
                    long f2 = System.nanoTime();
                    new Planner(new RegistryImageStore(client, registry, false), concurrency)
                            .plan(Goal.PUBLISH_LOCALLY, graph, selected, name -> List.of(), () -> prints);
                    System.out.printf("        alone: fingerprints %.1f ms, lookups with details %.1f ms, "
                            + "HEAD only %.1f ms%n", ms(f1 - f0), ms(f2 - f1), ms(System.nanoTime() - f2));
                    long skipped = System.nanoTime() - t3;
                    t0 += skipped;
                    t1 += skipped;
                    t2 += skipped;
                    t3 += skipped;
                }
                Plan plan = new Planner(new RegistryImageStore(client, registry, true, cache), concurrency)
                        .plan(Goal.PUBLISH_LOCALLY, graph, selected, name -> List.of(), () -> fingerprints(graph));
                long t4 = System.nanoTime();
                cache.save();
                images = plan.images().size();
                toBuild = plan.toBuild().size();
                phases.add(new double[]{ms(t4 - t0), ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3)});
            }
            long p0 = System.nanoTime();
            try (RegistryClient client = new RegistryClient(RegistryOptions.defaults()
                    .withMaxConcurrentPerRegistry(perRegistry))) {
                RegistryImageStore store = new RegistryImageStore(client, registry, true,
                        useCache ? SummaryCache.load(cacheFile) : SummaryCache.none());
                RunConfig config = config(dir, registry, reportDir);
                new BuildRun(config, () -> new BuildRun.Stores(store, Optional.empty(), Optional.empty()),
                        dev.cip.sign.Signing.NONE, SILENT, dev.cip.plan.Advice.PLAIN, Map.of(),
                        dev.cip.engine.BuilderProbes.inspecting(config.engine())).run("plan");
            }
            pipelines.add(ms(System.nanoTime() - p0));
            double[] p = phases.get(run);
            System.out.printf("run %2d: plan %7.1f ms (client %.1f, scan %.1f, graph %.1f, lookups+fingerprints+"
                    + "decisions %.1f); whole dry-run pipeline %7.1f ms%n", run + 1, p[0], p[1], p[2], p[3], p[4],
                    pipelines.get(run));
        }
        System.out.printf("%d images (%d to build), registry %s, planner threads %d, per-registry requests %d, "
                + "max heap %d MiB%n", images, toBuild, registry, concurrency, perRegistry,
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("cold JVM (run 1): plan %.1f ms, pipeline %.1f ms%n", phases.get(0)[0], pipelines.get(0));
        if (runs > 1) {
            summary("warm plan", phases.subList(1, runs).stream().map(p -> p[0]).toList());
            summary("warm lookups+fingerprints+decisions", phases.subList(1, runs).stream().map(p -> p[4]).toList());
            summary("warm scan", phases.subList(1, runs).stream().map(p -> p[2]).toList());
            summary("warm pipeline", pipelines.subList(1, runs));
        }
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf("heap after the runs: %d MiB used of %d MiB committed%n",
                (rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20);
    }

    private static void summary(String what, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        System.out.printf("%s: median %.1f ms, min %.1f ms, max %.1f ms (%d runs)%n", what, median, sorted.get(0),
                sorted.get(n - 1), n);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** As BuildRun computes them for publish-locally (no build args, the local platform). */
    private static Map<String, String> fingerprints(ImageGraph graph) {
        Fingerprinter fingerprinter = new Fingerprinter();
        Map<String, String> prints = new HashMap<>();
        for (String name : graph.topologicalOrder()) {
            ImageNode node = graph.node(name);
            Map<String, String> parents = new HashMap<>();
            for (var edge : node.internal()) {
                parents.put(edge.parent(), prints.get(edge.parent()));
            }
            prints.put(name, fingerprinter.fingerprint(node.context().directory(), Map.of(), List.of(), parents));
        }
        return prints;
    }

    private static RunConfig config(Path dir, String registry, Path reportDir) {
        return new RunConfig(Goal.PUBLISH_LOCALLY, new RunConfig.ProjectTarget(dir, registry),
                new RunConfig.Selection(List.of(), false, false, List.of("linux/amd64", "linux/arm64"), true),
                new RunConfig.BuildOptions(Map.of(), true, "auto", true, List.of()),
                new RunConfig.EngineOptions("docker", Optional.empty(), List.of(), true, 2, Duration.ofSeconds(2),
                        false, Map.of()),
                new RunConfig.Output(reportDir, true, false, java.time.Instant.now()),
                RunConfig.Release.atEnd(), RunConfig.ImageOptions.defaults());
    }

    private static final Console SILENT = new Console() {
        @Override
        public void info(String line) {
        }

        @Override
        public void warn(String line) {
        }
    };
}
