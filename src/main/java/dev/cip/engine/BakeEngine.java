package dev.cip.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cip.concurrent.OwnedThreads;
import dev.cip.json.Json;
import dev.cip.process.ProcessRunner;
import dev.cip.report.BuildResult;
import dev.cip.report.Console;
import dev.cip.report.Durations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Builds a {@link BakeDefinition} with {@code docker buildx bake}: every image in one solve while nothing fails, one
 * bake per image after a failure, so that a further failure cancels only its own image's work (see {@link #build}). A failed image is marked, its descendants blocked, and the rest goes on as the
 * settings say. Transient registry failures bake the image again, with backoff.
 */
public final class BakeEngine {

    /**
     * How the solves run.
     *
     * @param extraArgs passed to every {@code docker buildx bake}, after cip's own options
     * @param tick      how often a line names the images still building
     */
    public record Settings(String docker, Optional<String> builder, List<String> extraArgs,
                           boolean stopOnFirstError, int retries, Duration retryBackoff, Path reportDir,
                           boolean verbose, Duration tick) {
        public Settings {
            extraArgs = List.copyOf(extraArgs);
        }

        public Path logDir() {
            return reportDir.resolve("logs");
        }
    }

    /**
     * An image of the definition, as the engine needs it.
     *
     * @param describe     its platforms, for the console
     * @param inRunParents its parents built in the same definition
     */
    public record Image(String name, String version, String describe, Set<String> inRunParents) {
        public Image {
            inRunParents = Set.copyOf(inRunParents);
        }
    }

    /** What the engine did, and when the first solve started. */
    public record Outcome(Map<String, BuildResult> results, Instant solveStart) {
    }

    final Settings settings;
    final ProcessRunner runner;
    final Console console;
    private final ObjectMapper json = Json.mapper();

    public BakeEngine(Settings settings, ProcessRunner runner, Console console) {
        this.settings = settings;
        this.runner = runner;
        this.console = console;
    }

    /** A run's images and its bakes: one record per image, and the sets the run moves images through. */
    static final class State {
        /** Every image, in build order (parents first). */
        final Map<String, ImageBuild> images;
        /** The bakes running now, by image. */
        final Map<String, Running> running = new ConcurrentHashMap<>();
        /** Images whose bake failed on an ancestor's step: decided once their ancestors are. */
        final Set<String> awaitingAncestors = new LinkedHashSet<>();
        /** Images to bake again (transient failure) once the instant has passed. */
        final Map<String, Instant> retryAt = new LinkedHashMap<>();
        /** After a failure with stop-on-first-error: nothing new starts. */
        boolean stopping;

        State(Map<String, ImageBuild> images) {
            this.images = images;
        }

        ImageBuild of(String image) {
            return images.get(image);
        }
    }

    record Running(BakeProcess bake, Future<?> future) {
    }

    /**
     * Builds every target of {@code definition}: first all of them in one bake (one client, one solve: as fast as
     * bake). Bake cancels the whole solve at its first failure; then the images left are baked one by one, each
     * started once its in-run parents' bakes are, so that a further failure cancels only the failing image's bake
     * (and those of its descendants); what the bake of all images had finished is found in the cache, what it had
     * running when it was cancelled runs again. (A second session holding a long step, which BuildKit would keep
     * running, does not help with buildx 0.13 on the docker driver: each bake exports an image's in-run parents again
     * and builds it on that new export, a step of other bytes.)
     *
     * @param bakeFile where the definition was written
     * @param images   every image of the definition (in any order)
     */
    public Outcome build(BakeDefinition definition, Path bakeFile, List<Image> images)
            throws InterruptedException, IOException {
        List<String> order = List.copyOf(definition.targetOfImage().keySet());
        Map<String, Image> byName = new HashMap<>();
        images.forEach(i -> byName.put(i.name(), i));
        Map<String, ImageBuild> builds = new LinkedHashMap<>();
        for (String image : order) {
            builds.put(image, new ImageBuild(Objects.requireNonNull(byName.get(image),
                    () -> "no image given for " + image + " of the bake definition")));
        }
        Map<String, Set<String>> ancestors = closure(order, builds);
        Map<String, Set<String>> descendants = new HashMap<>();
        for (String image : order) {
            for (String a : ancestors.get(image)) {
                descendants.computeIfAbsent(a, k -> new LinkedHashSet<>()).add(image);
            }
        }
        Files.createDirectories(settings.logDir());
        for (String image : order) {
            Files.deleteIfExists(Progress.logFile(settings.logDir(), image));
        }
        BakeRun run = new BakeRun(this, definition, bakeFile, new State(Collections.unmodifiableMap(builds)),
                ancestors, descendants);
        Instant solveStart = Instant.now();
        OwnedThreads bakeThreads = new OwnedThreads("cip-bake");
        ExecutorService bakes = Executors.newCachedThreadPool(bakeThreads);
        OwnedThreads tickerThreads = new OwnedThreads("cip-still-building");
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(tickerThreads);
        try {
            ticker.scheduleAtFixedRate(() -> stillBuilding(run), settings.tick().toMillis(),
                    settings.tick().toMillis(), TimeUnit.MILLISECONDS);
            run.schedule(order, bakes);
        } finally {
            run.cancelAll();
            tickerThreads.stop(ticker, Duration.ofSeconds(10)); // none outlives the build
            bakeThreads.stop(bakes, Duration.ofSeconds(30));
        }
        Map<String, BuildResult> results = new LinkedHashMap<>();
        builds.forEach((image, b) -> results.put(image, b.result(Progress.logFile(settings.logDir(), image))));
        return new Outcome(results, solveStart);
    }

    void done(ImageBuild build, BakeDefinition definition, Map<String, JsonNode> meta, Progress progress,
              Map<String, Integer> index, int total) {
        String image = build.name();
        build.status(BuildResult.Status.DONE);
        JsonNode m = meta.get(definition.targetOfImage().get(image));
        if (m != null && m.hasNonNull("containerimage.digest")) {
            build.digest(m.get("containerimage.digest").asText());
        }
        build.ran(progress.start(image), progress.end(image).orElse(Instant.now()));
        boolean push = definition.file().target().get(definition.targetOfImage().get(image)).output().stream()
                .anyMatch(o -> o.contains("push=true"));
        console.info(line(index, total, image) + " " + build.version() + " " + (push ? "pushed" : "loaded")
                + " in " + seconds(Duration.between(build.start().orElseThrow(), build.end())));
    }

    void failed(ImageBuild build, String error, ProcessRunner.Result result, Progress progress,
                Map<String, Integer> index, int total) {
        String image = build.name();
        build.status(BuildResult.Status.FAILED);
        List<String> tail = new ArrayList<>(progress.tail(image));
        progress.plainTail().stream().filter(l -> !l.isBlank()).forEach(tail::add);
        build.failure(oneLine(error), result.exitCode(), tail.subList(Math.max(0, tail.size() - 30), tail.size()));
        Instant now = Instant.now();
        build.failedRun(progress.start(image).orElse(now), progress.end(image), now);
        try {
            Files.write(Progress.logFile(settings.logDir(), image), progress.plainTail(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is best effort
        }
        console.error(line(index, total, image) + " " + build.version() + " FAILED after "
                + seconds(Duration.between(build.start().orElseThrow(), build.end())) + ": " + oneLine(error)
                + " (log: " + Progress.logFile(settings.logDir(), image) + ")");
    }

    /** {@code [i/n] image}, where an image keeps the number it was first announced with. */
    static String line(Map<String, Integer> index, int total, String image) {
        Integer i = index.get(image);
        if (i == null || i == 0) {
            synchronized (index) {
                i = index.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
                index.put(image, i);
            }
        }
        return "[" + i + "/" + total + "] " + image;
    }

    /** The images with a step of their own running now, and for how long they have been building. */
    private void stillBuilding(BakeRun run) {
        State state = run.state;
        Instant now = Instant.now();
        List<String> running = new ArrayList<>();
        Map<String, Progress> progressOf = new LinkedHashMap<>();
        run.all().ifPresent(all -> all.bake().images().forEach(i -> progressOf.put(i, all.bake().progress())));
        state.running.forEach((image, r) -> progressOf.putIfAbsent(image, r.bake().progress()));
        for (ImageBuild build : state.images.values()) {
            String image = build.name();
            Progress progress = progressOf.get(image);
            Optional<Instant> since = build.start();
            if (progress != null && since.isPresent() && !build.decided() && progress.running(image)) {
                running.add(image + " (" + seconds(Duration.between(since.get(), now)) + ")");
            }
        }
        if (!running.isEmpty()) {
            console.info("still building: " + String.join(", ", running));
        }
    }

    /** The bake of targets of the definition (their in-run ancestors come along, without an output if not listed). */
    List<String> argv(Path bakeFile, Path metadata, List<String> targets) {
        List<String> argv = new ArrayList<>(List.of(settings.docker(), "buildx", "bake", "--file",
                bakeFile.toString(), "--metadata-file", metadata.toString(), "--progress=rawjson"));
        return finish(argv, List.of(), targets);
    }

    private List<String> finish(List<String> argv, List<String> options, List<String> targets) {
        settings.builder().ifPresent(b -> {
            argv.add("--builder");
            argv.add(b);
        });
        argv.addAll(settings.extraArgs());
        argv.addAll(options);
        argv.add("--");
        argv.addAll(targets);
        return argv;
    }

    Map<String, JsonNode> metadata(Path file) {
        Map<String, JsonNode> out = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            JsonNode root = json.readTree(file.toFile());
            root.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        } catch (IOException e) {
            // no digests then
        }
        return out;
    }

    private static Map<String, Set<String>> closure(List<String> order, Map<String, ImageBuild> builds) {
        Map<String, Set<String>> ancestors = new HashMap<>();
        for (String image : order) { // topological: parents first
            Set<String> a = new LinkedHashSet<>();
            for (String p : builds.get(image).parents()) {
                if (ancestors.containsKey(p)) {
                    a.add(p);
                    a.addAll(ancestors.get(p));
                }
            }
            ancestors.put(image, a);
        }
        return ancestors;
    }

    static String oneLine(String s) {
        String t = s == null ? "" : s.strip().replaceAll("\\s*\\n\\s*", " | ");
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    static String seconds(Duration d) {
        return Durations.seconds(d);
    }
}
