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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
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

    static final class State {
        final Map<String, Integer> attempts = new HashMap<>();
        final Map<String, BuildResult.Status> status = new ConcurrentHashMap<>();
        final Map<String, String> blockedBy = new HashMap<>();
        final Map<String, String> error = new HashMap<>();
        final Map<String, Integer> exitCode = new HashMap<>();
        final Map<String, List<String>> tail = new HashMap<>();
        final Map<String, Instant> start = new ConcurrentHashMap<>();
        final Map<String, Instant> end = new HashMap<>();
        final Map<String, String> digest = new HashMap<>();
        /** The bakes running now, by image. */
        final Map<String, Running> running = new ConcurrentHashMap<>();
        /** Why a running bake was cancelled, for its log. */
        final Map<String, String> cancelledBecause = new ConcurrentHashMap<>();
        /** Images whose bake failed on an ancestor's step: decided once their ancestors are. */
        final Set<String> awaitingAncestors = new LinkedHashSet<>();
        /** Images to bake again (transient failure) once the instant has passed. */
        final Map<String, Instant> retryAt = new LinkedHashMap<>();
        /** After a failure with stop-on-first-error: nothing new starts. */
        boolean stopping;
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
     * @param bakeFile  where the definition was written
     * @param versions  each image's version, for the console
     * @param describe  each image's platforms, for the console
     * @param inRunParents each image's parents built in the same definition
     */
    public Outcome build(BakeDefinition definition, Path bakeFile, Map<String, String> versions,
                         Map<String, String> describe, Map<String, Set<String>> inRunParents)
            throws InterruptedException, IOException {
        List<String> order = List.copyOf(definition.targetOfImage().keySet());
        Map<String, Set<String>> ancestors = closure(order, inRunParents);
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
        BakeRun run = new BakeRun(this, definition, bakeFile, versions, describe, inRunParents, ancestors, descendants);
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
        State state = run.state;
        Map<String, BuildResult> results = new LinkedHashMap<>();
        for (String image : order) {
            BuildResult.Status status = state.status.getOrDefault(image, BuildResult.Status.NOT_STARTED);
            boolean ran = status == BuildResult.Status.DONE || status == BuildResult.Status.FAILED;
            results.put(image, new BuildResult(image, versions.get(image), status,
                    state.attempts.getOrDefault(image, 0), Optional.ofNullable(state.exitCode.get(image)),
                    Optional.ofNullable(state.digest.get(image)),
                    ran ? Optional.ofNullable(state.start.get(image)) : Optional.empty(),
                    ran ? Optional.ofNullable(state.end.get(image)) : Optional.empty(),
                    Progress.logFile(settings.logDir(), image), Optional.ofNullable(state.blockedBy.get(image)),
                    state.tail.getOrDefault(image, List.of()), Optional.ofNullable(state.error.get(image))));
        }
        return new Outcome(results, solveStart);
    }

    void done(State state, String image, BakeDefinition definition, Map<String, JsonNode> meta,
                      Progress progress, Map<String, Integer> index, int total, Map<String, String> versions) {
        state.status.put(image, BuildResult.Status.DONE);
        JsonNode m = meta.get(definition.targetOfImage().get(image));
        if (m != null && m.hasNonNull("containerimage.digest")) {
            state.digest.put(image, m.get("containerimage.digest").asText());
        }
        Instant end = progress.end(image).orElse(Instant.now());
        // an image built again after the bake of all images stopped keeps the start of its first build
        progress.start(image).ifPresent(s -> state.start.merge(image, s, (a, b) -> a.isBefore(b) ? a : b));
        state.start.putIfAbsent(image, end);
        state.end.put(image, end.isBefore(state.start.get(image)) ? state.start.get(image) : end);
        boolean push = definition.file().target().get(definition.targetOfImage().get(image)).output().stream()
                .anyMatch(o -> o.contains("push=true"));
        console.info(line(index, total, image) + " " + versions.get(image) + " " + (push ? "pushed" : "loaded")
                + " in " + seconds(Duration.between(state.start.get(image), state.end.get(image))));
    }

    void failed(State state, String image, String error, ProcessRunner.Result result, Progress progress,
                        List<String> evidence, Map<String, Integer> index, int total, Map<String, String> versions) {
        state.status.put(image, BuildResult.Status.FAILED);
        state.error.put(image, oneLine(error));
        state.exitCode.put(image, result.exitCode());
        List<String> tail = new ArrayList<>(progress.tail(image));
        progress.plainTail().stream().filter(l -> !l.isBlank()).forEach(tail::add);
        state.tail.put(image, tail.subList(Math.max(0, tail.size() - 30), tail.size()));
        Instant now = Instant.now();
        state.start.putIfAbsent(image, progress.start(image).orElse(now));
        state.end.put(image, progress.end(image).filter(e -> !e.isBefore(state.start.get(image))).orElse(now));
        try {
            Files.write(Progress.logFile(settings.logDir(), image), progress.plainTail(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is best effort
        }
        console.error(line(index, total, image) + " " + versions.get(image) + " FAILED after "
                + seconds(Duration.between(state.start.get(image), state.end.get(image))) + ": " + oneLine(error)
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
        for (String image : run.definition.targetOfImage().keySet()) {
            Progress progress = progressOf.get(image);
            Instant since = state.start.get(image);
            if (progress != null && since != null && !state.status.containsKey(image) && progress.running(image)) {
                running.add(image + " (" + seconds(Duration.between(since, now)) + ")");
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

    private static Map<String, Set<String>> closure(List<String> order, Map<String, Set<String>> parents) {
        Map<String, Set<String>> ancestors = new HashMap<>();
        for (String image : order) { // topological: parents first
            Set<String> a = new LinkedHashSet<>();
            for (String p : parents.getOrDefault(image, Set.of())) {
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
