package dev.cip.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cip.process.ProcessRunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Carries out the builds of a run: one {@code docker buildx build} per image along the graph, each with its own log,
 * transient registry failures retried, and a console line per state change.
 */
public final class BuildExecutor {

    /** How the run is carried out. */
    public record Settings(String docker, int parallelism, boolean stopOnFirstError, int retries,
                           Duration retryBackoff, Path logDir, boolean verbose) {
    }

    private final Settings settings;
    private final ProcessRunner runner;
    private final Consumer<String> console;
    private final ObjectMapper json = new ObjectMapper();

    public BuildExecutor(Settings settings, ProcessRunner runner, Consumer<String> console) {
        this.settings = settings;
        this.runner = runner;
        this.console = console;
    }

    /**
     * Builds {@code requests} (in topological order) where {@code dependencies} names each image's parents.
     *
     * @return a result per image, in the order given
     */
    public Map<String, BuildResult> execute(List<BuildRequest> requests, Map<String, Set<String>> dependencies,
                                            Map<String, String> describe) throws InterruptedException {
        Map<String, BuildRequest> byName = new LinkedHashMap<>();
        requests.forEach(r -> byName.put(r.image(), r));
        Map<String, Attempts> attempts = new ConcurrentHashMap<>();
        try {
            Files.createDirectories(settings.logDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log directory " + settings.logDir(), e);
        }
        for (BuildRequest r : requests) {
            try {
                Files.deleteIfExists(logFile(r.image()));
                if (r.metadataFile().isPresent()) {
                    Files.createDirectories(r.metadataFile().get().getParent());
                    Files.deleteIfExists(r.metadataFile().get());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the log of " + r.image(), e);
            }
        }

        Scheduler scheduler = new Scheduler(settings.parallelism(), settings.stopOnFirstError());
        Map<String, Scheduler.Outcome> outcomes = scheduler.run(List.copyOf(byName.keySet()), dependencies,
                name -> {
                    Attempts a = build(byName.get(name));
                    attempts.put(name, a);
                    return a.result().succeeded();
                },
                new Scheduler.Listener() {
                    @Override
                    public void started(String name, int index, int total) {
                        BuildRequest r = byName.get(name);
                        console.accept("[" + index + "/" + total + "] " + name + " " + r.version() + " building ("
                                + describe.getOrDefault(name, "local platform") + ")");
                    }

                    @Override
                    public void finished(Scheduler.Outcome o, int index, int total) {
                        BuildRequest r = byName.get(o.name());
                        String what = switch (o.status()) {
                            case DONE -> (r.output() == BuildRequest.Output.PUSH ? "pushed" : "loaded") + " in "
                                    + seconds(o.duration().orElse(Duration.ZERO));
                            case FAILED -> "FAILED after " + seconds(o.duration().orElse(Duration.ZERO))
                                    + " (log: " + logFile(o.name()) + ")";
                            case BLOCKED -> "BLOCKED (" + o.blockedBy().orElse("?") + " failed)";
                            case NOT_STARTED -> "not started";
                        };
                        console.accept("[" + index + "/" + total + "] " + o.name() + " " + r.version() + " " + what);
                    }
                });

        Map<String, BuildResult> results = new LinkedHashMap<>();
        for (Map.Entry<String, Scheduler.Outcome> e : outcomes.entrySet()) {
            String name = e.getKey();
            Scheduler.Outcome o = e.getValue();
            BuildRequest r = byName.get(name);
            Attempts a = attempts.get(name);
            Optional<String> digest = o.status() == Scheduler.Status.DONE ? digest(r) : Optional.empty();
            results.put(name, new BuildResult(name, r.version(), o.status(), a == null ? 0 : a.count(),
                    a == null ? Optional.empty() : Optional.of(a.result().exitCode()), digest, o.start(), o.end(),
                    logFile(name), o.blockedBy(), a == null ? List.of() : a.result().tail(),
                    o.error().map(t -> t.getClass().getSimpleName() + ": " + t.getMessage())));
        }
        return results;
    }

    public Path logFile(String image) {
        return settings.logDir().resolve(image + ".log");
    }

    private record Attempts(int count, ProcessRunner.Result result) {
    }

    private Attempts build(BuildRequest request) throws InterruptedException {
        List<String> argv = BuildCommand.argv(settings.docker(), request);
        Path log = logFile(request.image());
        Consumer<String> stream = settings.verbose() ? line -> console.accept(request.image() + " | " + line) : null;
        int attempt = 0;
        while (true) {
            attempt++;
            header(log, "attempt " + attempt + ": " + String.join(" ", argv));
            ProcessRunner.Result result;
            try {
                result = runner.run(ProcessRunner.Request.of(argv).in(request.context()).logTo(log)
                        .onLine(stream == null ? null : (s, line) -> stream.accept(line)));
            } catch (IOException e) {
                String message = "cannot run " + settings.docker() + ": " + e.getMessage()
                        + " (is Docker installed and on the PATH? set cip.docker to its path)";
                header(log, message);
                return new Attempts(attempt, new ProcessRunner.Result(-1, List.of(message), "", false, false, false));
            }
            if (result.succeeded() || attempt > settings.retries() || !TransientFailures.isTransient(result.tail())) {
                return new Attempts(attempt, result);
            }
            Duration wait = settings.retryBackoff().multipliedBy(1L << (attempt - 1));
            console.accept(request.image() + " " + request.version() + ": transient registry failure (exit "
                    + result.exitCode() + "), trying again in " + seconds(wait));
            header(log, "transient failure; retrying in " + seconds(wait));
            Thread.sleep(wait.toMillis());
        }
    }

    private static void header(Path log, String text) {
        try {
            Files.writeString(log, "### cip " + Instant.now() + " " + text + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        }
    }

    private Optional<String> digest(BuildRequest r) {
        if (r.metadataFile().isEmpty() || !Files.isRegularFile(r.metadataFile().get())) {
            return Optional.empty();
        }
        try {
            JsonNode node = json.readTree(r.metadataFile().get().toFile());
            JsonNode digest = node.get("containerimage.digest");
            return digest == null ? Optional.empty() : Optional.of(digest.asText());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0) : (ms / 1000) + " s";
    }
}
