package dev.cip.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cip.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cip.process.DockerUnavailableException;
import dev.cip.process.ProcessRunner;
import dev.cip.report.BuildResult;
import dev.cip.report.Console;

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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Builds a {@link BakeDefinition} with {@code docker buildx bake}: one solve for the whole set, then, when a target
 * fails, the failed image is marked, its descendants blocked, and the rest solved again as the settings say
 * (BuildKit's cache makes finished work free). Transient registry failures solve the failed target again, with
 * backoff.
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

    private final Settings settings;
    private final ProcessRunner runner;
    private final Console console;
    private final ObjectMapper json = Json.mapper();

    public BakeEngine(Settings settings, ProcessRunner runner, Console console) {
        this.settings = settings;
        this.runner = runner;
        this.console = console;
    }

    private static final class State {
        final Map<String, Integer> attempts = new HashMap<>();
        final Map<String, BuildResult.Status> status = new ConcurrentHashMap<>();
        final Map<String, String> blockedBy = new HashMap<>();
        final Map<String, String> error = new HashMap<>();
        final Map<String, Integer> exitCode = new HashMap<>();
        final Map<String, List<String>> tail = new HashMap<>();
        final Map<String, Instant> start = new ConcurrentHashMap<>();
        final Map<String, Instant> end = new HashMap<>();
        final Map<String, String> digest = new HashMap<>();
    }

    /**
     * Builds every target of {@code definition}.
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
        State state = new State();
        int total = order.size();
        Map<String, Integer> index = new ConcurrentHashMap<>();
        Set<String> remaining = new LinkedHashSet<>(order);
        Instant solveStart = Instant.now();
        boolean oneByOne = false;
        int solve = 0;
        dev.cip.concurrent.OwnedThreads tickerThreads = new dev.cip.concurrent.OwnedThreads("cip-still-building");
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(tickerThreads);
        try {
            ticker.scheduleAtFixedRate(() -> stillBuilding(state, index.keySet()), settings.tick().toMillis(),
                    settings.tick().toMillis(), TimeUnit.MILLISECONDS);
            while (!remaining.isEmpty()) {
                solve++;
                List<String> batch = oneByOne ? List.of(remaining.iterator().next()) : List.copyOf(remaining);
                Path metadata = settings.reportDir().resolve("bake-metadata" + (solve == 1 ? "" : "-" + solve)
                        + ".json");
                Files.deleteIfExists(metadata);
                Progress progress = new Progress(definition, ancestors::get, settings.logDir(),
                        new Progress.Listener() {
                            @Override
                            public void started(String image) {
                                state.start.putIfAbsent(image, Instant.now());
                                if (!index.containsKey(image)) {
                                    console.info(BakeEngine.line(index, total, image) + " " + versions.get(image)
                                            + " building (" + describe.getOrDefault(image, "local platform") + ")");
                                }
                            }

                            @Override
                            public void line(String image, String line) {
                                if (settings.verbose()) {
                                    console.info(image + " | " + line);
                                }
                            }
                        }, batch.size() == 1 ? Optional.of(batch.get(0)) : Optional.empty());
                List<String> argv = argv(bakeFile, metadata, batch, definition, batch.size() < order.size());
                for (String image : batch) {
                    state.attempts.merge(image, 1, Integer::sum);
                    progress.note(image, "solve " + solve + ": " + String.join(" ", argv));
                }
                ProcessRunner.Result result;
                try {
                    result = runner.run(ProcessRunner.Request.of(argv).in(bakeFile.getParent())
                            .timeout(Duration.ofHours(6)).onLine((stream, line) -> progress.line(line)));
                } catch (IOException e) {
                    throw DockerUnavailableException.cannotStart(settings.docker(), e.getMessage(),
                            "Docker with buildx");
                } finally {
                    progress.close();
                }
                Map<String, JsonNode> meta = metadata(metadata);
                if (result.succeeded()) {
                    for (String image : batch) {
                        done(state, image, definition, meta, progress, index, total, versions);
                    }
                    remaining.removeAll(batch);
                    continue;
                }
                Map<String, String> failures = new LinkedHashMap<>(progress.failures());
                failures.keySet().retainAll(batch);
                if (failures.isEmpty() && batch.size() == 1) {
                    failures.put(batch.get(0), String.join("\n", progress.plainTail()));
                }
                if (failures.isEmpty()) {
                    // bake failed without saying which target: find it by solving one target at a time
                    console.warn("docker buildx bake failed without naming a target (exit " + result.exitCode()
                            + "); solving the images one at a time to find the failing one");
                    oneByOne = true;
                    state.attempts.replaceAll((k, v) -> batch.contains(k) ? v - 1 : v);
                    continue;
                }
                // The others were cancelled by bake (or are blocked now): that solve is no attempt of theirs.
                for (String image : batch) {
                    if (!failures.containsKey(image)) {
                        state.attempts.merge(image, -1, Integer::sum);
                    }
                }
                boolean permanent = false;
                for (Map.Entry<String, String> f : failures.entrySet()) {
                    String image = f.getKey();
                    List<String> evidence = new ArrayList<>(progress.tail(image));
                    evidence.add(f.getValue());
                    evidence.addAll(progress.plainTail());
                    int used = state.attempts.get(image) - 1;
                    if (TransientFailures.isTransient(evidence) && used < settings.retries()) {
                        Duration wait = settings.retryBackoff().multipliedBy(1L << used);
                        console.warn(image + " " + versions.get(image) + ": transient registry failure ("
                                + oneLine(f.getValue()) + "), solving it again in " + seconds(wait) + " (attempt "
                                + (used + 2) + " of " + (settings.retries() + 1) + ")");
                        Thread.sleep(wait.toMillis());
                        continue;
                    }
                    permanent = true;
                    failed(state, image, f.getValue(), result, progress, evidence, index, total, versions);
                    remaining.remove(image);
                    for (String d : descendants.getOrDefault(image, Set.of())) {
                        if (remaining.remove(d)) {
                            state.status.put(d, BuildResult.Status.BLOCKED);
                            state.blockedBy.put(d, image);
                            console.error(line(index, total, d) + " " + versions.get(d) + " BLOCKED (" + image
                                    + " failed)");
                        }
                    }
                }
                if (permanent && settings.stopOnFirstError()) {
                    // running builds finish; nothing new starts
                    Set<String> running = new LinkedHashSet<>(progress.startedImages());
                    running.addAll(state.start.keySet());
                    for (String image : List.copyOf(remaining)) {
                        boolean needed = running.contains(image);
                        if (!needed) {
                            remaining.remove(image);
                            state.status.put(image, BuildResult.Status.NOT_STARTED);
                        }
                    }
                }
            }
        } finally {
            tickerThreads.stop(ticker, java.time.Duration.ofSeconds(10)); // none outlives the build
        }
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

    private void done(State state, String image, BakeDefinition definition, Map<String, JsonNode> meta,
                      Progress progress, Map<String, Integer> index, int total, Map<String, String> versions) {
        state.status.put(image, BuildResult.Status.DONE);
        JsonNode m = meta.get(definition.targetOfImage().get(image));
        if (m != null && m.hasNonNull("containerimage.digest")) {
            state.digest.put(image, m.get("containerimage.digest").asText());
        }
        Instant end = progress.end(image).orElse(Instant.now());
        progress.start(image).ifPresent(s -> state.start.put(image, s));
        state.start.putIfAbsent(image, end);
        state.end.put(image, end.isBefore(state.start.get(image)) ? state.start.get(image) : end);
        boolean push = definition.file().target().get(definition.targetOfImage().get(image)).output().stream()
                .anyMatch(o -> o.contains("push=true"));
        console.info(line(index, total, image) + " " + versions.get(image) + " " + (push ? "pushed" : "loaded")
                + " in " + seconds(Duration.between(state.start.get(image), state.end.get(image))));
    }

    private void failed(State state, String image, String error, ProcessRunner.Result result, Progress progress,
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
    private static String line(Map<String, Integer> index, int total, String image) {
        Integer i = index.get(image);
        if (i == null || i == 0) {
            synchronized (index) {
                i = index.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
                index.put(image, i);
            }
        }
        return "[" + i + "/" + total + "] " + image;
    }

    private void stillBuilding(State state, Set<String> started) {
        Instant now = Instant.now();
        List<String> running = new ArrayList<>();
        for (String image : started) {
            if (!state.status.containsKey(image) && state.start.containsKey(image)) {
                running.add(image + " (" + seconds(Duration.between(state.start.get(image), now)) + ")");
            }
        }
        if (!running.isEmpty()) {
            console.info("still building: " + String.join(", ", running));
        }
    }

    List<String> argv(Path bakeFile, Path metadata, List<String> batch, BakeDefinition definition, boolean subset) {
        List<String> argv = new ArrayList<>(List.of(settings.docker(), "buildx", "bake", "--file",
                bakeFile.toString(), "--metadata-file", metadata.toString(), "--progress=rawjson"));
        settings.builder().ifPresent(b -> {
            argv.add("--builder");
            argv.add(b);
        });
        argv.addAll(settings.extraArgs());
        if (subset) {
            argv.add("--");
            batch.forEach(image -> argv.add(definition.targetOfImage().get(image)));
        }
        return argv;
    }

    private Map<String, JsonNode> metadata(Path file) {
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

    private static String oneLine(String s) {
        String t = s == null ? "" : s.strip().replaceAll("\\s*\\n\\s*", " | ");
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0) : (ms / 1000) + " s";
    }
}
