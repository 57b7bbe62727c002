package dev.cip.bench;

import dev.cip.cascade.BumpLevel;
import dev.cip.cascade.Cascade;
import dev.cip.cascade.CascadeOptions;
import dev.cip.cascade.CascadePlan;
import dev.cip.cascade.FileReplacer;
import dev.cip.context.Project;
import dev.cip.context.ProjectLock;
import dev.cip.context.ProjectScanner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Times {@code cip:cascade}'s work (lock, scan, plan, write) over a generated project after its root was patched.
 * Not a test: run it with {@code bench/cascade.sh [contexts] [runs]} (see bench/README.md).
 *
 * <p>The project: one root; every other context builds on an earlier one (fan-out of 3, so ~6 levels deep), and every
 * 7th also copies from a second earlier one (diamonds). All descend from the root, so every context is cascaded.
 */
public final class CascadeBench {
    private CascadeBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--generate")) {
            // only write the project (for timing `mvn cip:cascade` itself, see bench/cascade-mvn.sh)
            generate(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        int contexts = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path work = Path.of(args.length > 2 ? args[2] : "bench/work").toAbsolutePath();
        System.out.printf("cascade over %d contexts, %d runs (the first run is a cold JVM), in %s%n", contexts, runs,
                work);
        List<Double> times = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            Path dir = work.resolve("cascade-" + run);
            deleteTree(dir);
            generate(dir, contexts);
            long start = System.nanoTime();
            CascadePlan plan;
            long scanned;
            long planned;
            long written;
            try (ProjectLock lock = ProjectLock.acquire(dir, "bench")) {
                Project project = new ProjectScanner().scan(dir);
                scanned = System.nanoTime();
                plan = new Cascade().plan(project, CascadeOptions.of(BumpLevel.PATCH, "localhost:5000"));
                planned = System.nanoTime();
                new FileReplacer().replaceAll(plan.changes());
                written = System.nanoTime();
            }
            double ms = (System.nanoTime() - start) / 1e6;
            times.add(ms);
            if (plan.bumps().size() != contexts - 1 || plan.changes().size() != 2 * (contexts - 1)) {
                throw new IllegalStateException("expected " + (contexts - 1) + " images raised, got "
                        + plan.bumps().size());
            }
            System.out.printf("run %2d: %7.1f ms  (scan %.1f, plan %.1f, write %.1f; %d images raised, %d files"
                            + " replaced)%n", run + 1, ms, (scanned - start) / 1e6, (planned - scanned) / 1e6,
                    (written - planned) / 1e6, plan.bumps().size(), plan.changes().size());
            deleteTree(dir);
        }
        List<Double> warm = new ArrayList<>(times.subList(Math.min(1, times.size() - 1), times.size()));
        warm.sort(Comparator.naturalOrder());
        System.out.printf("cold (first run): %.1f ms%n", times.get(0));
        System.out.printf("warm runs: median %.1f ms, min %.1f ms, max %.1f ms%n", median(warm), warm.get(0),
                warm.get(warm.size() - 1));
    }

    /** Writes the project, with its root already patched (1.0.0 → 1.0.1) and every child still on 1.0.0. */
    static void generate(Path dir, int count) throws IOException {
        List<String> names = new ArrayList<>();
        List<Integer> depth = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "img-" + i;
            int d = 0;
            String dockerfile;
            if (i == 0) {
                dockerfile = "# the root\nFROM scratch\nCOPY rootfs /\n";
            } else {
                int parent = (i - 1) / 3;
                d = depth.get(parent) + 1;
                StringBuilder df = new StringBuilder()
                        .append("# syntax=docker/dockerfile:1\n")
                        .append("ARG REGISTRY=localhost:5000\n")
                        .append("# ").append(name).append(" builds on ").append(names.get(parent)).append('\n')
                        .append("FROM --platform=$BUILDPLATFORM ${REGISTRY}/").append(names.get(parent))
                        .append(":1.0.0 AS build\n")
                        .append("RUN echo building ").append(name).append(" \\\n    && true\n");
                if (i % 7 == 0 && parent > 0) {
                    int second = parent - 1;
                    d = Math.max(d, depth.get(second) + 1);
                    df.append("COPY --from=$REGISTRY/").append(names.get(second)).append(":1.0.0 /x /x\n");
                }
                df.append("FROM ${REGISTRY}/").append(names.get(parent)).append(":1.0.0\n")
                        .append("COPY --from=build /out /\n");
                dockerfile = df.toString();
            }
            names.add(name);
            depth.add(d);
            Path ctx = dir.resolve("contexts").resolve(String.format("%02d-%s", d, name));
            Files.createDirectories(ctx);
            Files.writeString(ctx.resolve("Dockerfile"), dockerfile, StandardCharsets.UTF_8);
            Files.writeString(ctx.resolve("info.edn"), ";; " + name + "\n{:version \"" + (i == 0 ? "1.0.1" : "1.0.0")
                    + "\" ; bumped by cip:cascade\n :platforms [\"linux/amd64\" \"linux/arm64\"]}\n",
                    StandardCharsets.UTF_8);
        }
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
