package dev.cip.bench;

import dev.cip.app.UpdateRun;
import dev.cip.cascade.BumpLevel;
import dev.cip.cascade.CascadeOptions;
import dev.cip.cascade.CascadePlan;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.RegistryOptions;
import dev.cip.registry.UpstreamResolver;
import dev.cip.registry.testing.UpstreamRegistry;
import dev.cip.report.Console;
import dev.cip.store.RegistryImageStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Times {@code cip:update}'s own work (scan, upstream resolution, pin rewrite, published-version survey, cascade,
 * write) over a generated project whose contexts build on distinct upstream bases of an upstream registry with token
 * auth on loopback, first with every pin current, then with every base moved. Not a test: run it with
 * {@code bench/update.sh [contexts] [bases] [runs] [registry]} (see bench/README.md).
 */
public final class UpdateBench {
    private UpdateBench() {
    }

    private static final Console SILENT = new Console() {
        @Override
        public void info(String line) {
        }

        @Override
        public void warn(String line) {
        }
    };

    public static void main(String[] args) throws Exception {
        int contexts = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int bases = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        String registry = (args.length > 3 ? args[3] : "127.0.0.1:5000") + "/bench-update-" + Long.toHexString(
                System.nanoTime());
        Path work = Path.of(args.length > 4 ? args[4] : "bench/work").toAbsolutePath().resolve("update");
        deleteTree(work);
        try (UpstreamRegistry upstream = UpstreamRegistry.start(work.resolve("upstream"))) {
            List<String> first = new ArrayList<>();
            List<String> second = new ArrayList<>();
            for (int b = 0; b < bases; b++) {
                first.add(upstream.push("library/base-" + b, "1", "first-" + b).digest());
            }
            System.out.printf("update over %d contexts on %d upstream bases (%s, token auth), published versions"
                    + " looked up in %s; %d runs each, the first in a cold JVM%n", contexts, bases,
                    upstream.address(), registry, runs);
            List<Double> current = time("every pin current", runs, work, contexts, upstream.address(), first, registry,
                    0);
            for (int b = 0; b < bases; b++) {
                second.add(upstream.push("library/base-" + b, "1", "second-" + b).digest());
            }
            List<Double> moved = time("all " + bases + " bases moved", runs, work, contexts, upstream.address(),
                    first, registry, contexts);
            report("every pin current", current);
            report("all " + bases + " bases moved", moved);
        } finally {
            deleteTree(work);
        }
    }

    private static List<Double> time(String what, int runs, Path work, int contexts, String upstream,
                                     List<String> pins, String registry, int expectedChanges) throws IOException {
        List<Double> times = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            Path dir = work.resolve("project-" + run);
            deleteTree(dir);
            generate(dir, contexts, upstream, pins);
            long start = System.nanoTime();
            CascadePlan plan;
            try (RegistryClient client = new RegistryClient(RegistryOptions.defaults())) {
                UpdateRun update = new UpdateRun(dir, new UpdateRun.Options(CascadeOptions.of(BumpLevel.PATCH,
                        registry), false, dir.resolve("target/cip/update.md")),
                        new RegistryImageStore(client, registry, true),
                        Optional.of(new UpstreamResolver(client, UpdateRun.UPSTREAM_CONCURRENCY)), SILENT, s -> s.name());
                plan = update.write();
            }
            double ms = (System.nanoTime() - start) / 1e6;
            if (plan.changes().size() != expectedChanges) {
                throw new IllegalStateException(what + ": expected " + expectedChanges + " files changed, got "
                        + plan.changes().size());
            }
            times.add(ms);
            System.out.printf("%s, run %d: %.1f ms (%d files changed)%n", what, run + 1, ms, plan.changes().size());
            deleteTree(dir);
        }
        return times;
    }

    private static void report(String what, List<Double> times) {
        List<Double> warm = new ArrayList<>(times.subList(Math.min(1, times.size() - 1), times.size()));
        warm.sort(Comparator.naturalOrder());
        System.out.printf("%s: cold %.1f ms; warm median %.1f ms (min %.1f, max %.1f, n=%d)%n", what, times.get(0),
                warm.get(warm.size() / 2), warm.get(0), warm.get(warm.size() - 1), warm.size());
    }

    /** Context {@code i} builds on upstream base {@code i % bases}, pinned to {@code pins}. */
    static void generate(Path dir, int count, String upstream, List<String> pins) throws IOException {
        for (int i = 0; i < count; i++) {
            int base = i % pins.size();
            Path ctx = dir.resolve("contexts").resolve(String.format("%03d-img-%d", 0, i));
            Files.createDirectories(ctx);
            Files.writeString(ctx.resolve("Dockerfile"), "# syntax=docker/dockerfile:1\n"
                    + "FROM " + upstream + "/library/base-" + base + ":1@" + pins.get(base) + " AS base\n"
                    + "COPY file.txt /\n", StandardCharsets.UTF_8);
            Files.writeString(ctx.resolve("file.txt"), "img-" + i + "\n", StandardCharsets.UTF_8);
            Files.writeString(ctx.resolve("info.edn"), "{:version \"1.0.0\"}\n", StandardCharsets.UTF_8);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
