package dev.cip.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Micro-benchmark (not a test): fingerprints 200 generated small contexts, sequentially and with 2 threads, and prints
 * median / min / max of the time for all 200, after warm-up rounds.
 *
 * <pre>java -cp target/classes:target/test-classes dev.cip.plan.FingerprintBench [contexts] [rounds]</pre>
 */
public final class FingerprintBench {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path dir = Files.createTempDirectory("cip-fingerprint-bench");
        try {
            List<Path> contexts = generate(dir, count);
            System.out.printf("%d contexts, %d files, %d CPUs, Java %s%n", count, countFiles(dir),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            Fingerprinter fp = new Fingerprinter();
            long t0 = System.nanoTime();
            sequential(fp, contexts);
            System.out.printf("cold (first round in this JVM, sequential): %.1f ms%n", (System.nanoTime() - t0) / 1e6);
            run("sequential", rounds, () -> sequential(fp, contexts));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                run("2 threads ", rounds, () -> parallel(fp, contexts, pool));
                run("sequential", rounds, () -> sequential(fp, contexts));
            } finally {
                pool.shutdownNow();
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    interface Task {
        void run() throws Exception;
    }

    private static void run(String name, int rounds, Task task) throws Exception {
        long warmUntil = System.nanoTime() + 2_000_000_000L; // warm-up: at least 20 rounds and 2 s
        for (int i = 0; i < 20 || System.nanoTime() < warmUntil; i++) {
            task.run();
        }
        long[] nanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            task.run();
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        System.out.printf("%s: median %.1f ms, min %.1f ms, max %.1f ms (%d rounds)%n", name,
                nanos[rounds / 2] / 1e6, nanos[0] / 1e6, nanos[rounds - 1] / 1e6, rounds);
    }

    private static void sequential(Fingerprinter fp, List<Path> contexts) {
        for (Path c : contexts) {
            fp.fingerprint(c, Map.of("A", "1"), List.of("linux/amd64", "linux/arm64"), Map.of());
        }
    }

    private static void parallel(Fingerprinter fp, List<Path> contexts, ExecutorService pool) throws Exception {
        List<Future<String>> futures = new ArrayList<>(contexts.size());
        for (Path c : contexts) {
            futures.add(pool.submit(
                    () -> fp.fingerprint(c, Map.of("A", "1"), List.of("linux/amd64", "linux/arm64"), Map.of())));
        }
        for (Future<String> f : futures) {
            f.get();
        }
    }

    private static List<Path> generate(Path dir, int count) throws IOException {
        List<Path> contexts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path c = Files.createDirectories(dir.resolve(String.format("%03d-image-%d", i % 10, i)));
            Files.writeString(c.resolve("Dockerfile"), "FROM base:1.0\nRUN echo " + i + "\nCOPY . /opt/app\n");
            Files.writeString(c.resolve("info.edn"), "{:version \"1." + i + ".0\"}\n");
            if (i % 4 == 0) {
                Files.writeString(c.resolve(".dockerignore"), "# generated\n*.tmp\n**/build\n!keep.tmp\n");
            }
            int extra = 3 + i % 3;
            for (int f = 0; f < extra; f++) {
                Path file = f % 2 == 0 ? c.resolve("file" + f + ".txt") : c.resolve("conf/sub/file" + f + ".conf");
                Files.createDirectories(file.getParent());
                Files.writeString(file, ("line " + i + "/" + f + "\n").repeat(20 + f * 30));
            }
            contexts.add(c);
        }
        return contexts;
    }

    private static long countFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private FingerprintBench() {
    }
}
