package dev.cip.engine;

import dev.cip.process.DockerUnavailableException;
import dev.cip.process.ProcessRunner;
import dev.cip.report.BuildResult;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One build of a definition by {@link BakeEngine}: what is known of each image, and its bakes, started, ended,
 * cancelled and retried here on the engine's calling thread (the bakes post how they ended).
 */
final class BakeRun {
    final BakeEngine engine;

    final BakeDefinition definition;
    final Path bakeFile;
    final Map<String, Set<String>> ancestors;
    final Map<String, Set<String>> descendants;
    final BakeEngine.State state;
    final Map<String, Integer> index = new ConcurrentHashMap<>();
    final BlockingQueue<BakeProcess.Ended> ended = new LinkedBlockingQueue<>();
    final Set<String> waiting = new LinkedHashSet<>();
    /** After a failure with stop-on-first-error: images whose own steps the bake of all images had started. */
    final Set<String> resuming = new HashSet<>();
    /** The bake of all images, while it runs. */
    private volatile BakeEngine.Running all;
    /** The image each vertex digest is of, as the bakes claim them (see {@link Progress}). */
    final Map<String, String> claims = new ConcurrentHashMap<>();

    BakeRun(BakeEngine engine, BakeDefinition definition, Path bakeFile, BakeEngine.State state,
            Map<String, Set<String>> ancestors, Map<String, Set<String>> descendants) {
        this.engine = engine;
        this.definition = definition;
        this.bakeFile = bakeFile;
        this.state = state;
        this.ancestors = ancestors;
        this.descendants = descendants;
    }

    int total() {
        return definition.targetOfImage().size();
    }

    /** The bake of all images while it runs. */
    Optional<BakeEngine.Running> all() {
        return Optional.ofNullable(all);
    }

    /** Stops every bake still running: the images' and the bake of all images. */
    void cancelAll() {
        if (all != null) {
            all.future().cancel(true);
        }
        state.running.values().forEach(r -> r.future().cancel(true));
    }

    void schedule(List<String> order, ExecutorService bakes) throws InterruptedException, IOException {
        if (order.size() > 1) {
            bakeAll(order, bakes);
        } else {
            waiting.addAll(order);
        }
        while (!waiting.isEmpty() || !state.running.isEmpty() || !state.retryAt.isEmpty()) {
            launchReady(bakes);
            if (state.running.isEmpty() && state.retryAt.isEmpty() && !waiting.isEmpty()) {
                // nothing runs and nothing can start: what waits is blocked (by an unfinished ancestor)
                waiting.forEach(i -> state.of(i).decideIfOpen(BuildResult.Status.NOT_STARTED));
                waiting.clear();
            }
            if (state.running.isEmpty() && state.retryAt.isEmpty()) {
                break;
            }
            Instant next = state.retryAt.values().stream().min(Instant::compareTo).orElse(null);
            long waitMs = next == null ? 1000 : Math.max(1, Duration.between(Instant.now(), next).toMillis());
            BakeProcess.Ended e = ended.poll(waitMs, TimeUnit.MILLISECONDS);
            if (e != null) {
                handle(e);
            }
        }
        decideAwaiting();
    }

    /** The bake of all images; when it fails, what is left goes to the bakes of one image each. */
    private void bakeAll(List<String> order, ExecutorService bakes) throws InterruptedException, IOException {
        Path metadata = metadataFile("bake-metadata.json"); // no target's name: "all" may be an image's
        Progress progress = progress(Optional.empty());
        List<String> targets = order.stream().map(i -> definition.targetOfImage().get(i)).toList();
        List<String> argv = engine.argv(bakeFile, metadata, targets);
        order.forEach(image -> progress.note(image, "bake of all " + order.size() + " images: " + String.join(" ",
                argv)));
        BakeProcess bake = new BakeProcess(new LinkedHashSet<>(order), argv,
                bakeFile.getParent(), metadata, Optional.of(progress), engine.runner, ended,
                () -> "the run was stopped");
        all = new BakeEngine.Running(bake, bakes.submit(bake));
        while (true) {
            BakeProcess.Ended e = ended.poll(250, TimeUnit.MILLISECONDS);
            progress.settle();
            if (e != null) {
                all = null;
                allEnded(e, order);
                return;
            }
        }
    }

    /** The bake of all images ended: all done, or what is left goes on one image per bake. */
    private void allEnded(BakeProcess.Ended e, List<String> order) {
        if (e.cannotStart().isPresent()) {
            throw DockerUnavailableException.cannotStart(engine.settings.docker(), e.cannotStart().get().getMessage(),
                    "Docker with buildx");
        }
        if (e.cancelled()) {
            return;
        }
        ProcessRunner.Result result = e.result().orElseThrow();
        Progress progress = e.bake().progress();
        if (result.succeeded()) {
            Map<String, JsonNode> meta = engine.metadata(e.bake().metadata());
            for (String image : order) {
                state.of(image).attempts(1);
                engine.done(state.of(image), definition, meta, progress, index, total());
            }
            return;
        }
        Map<String, String> failures = progress.failures();
        Set<String> startedHere = progress.startedImages();
        String why = failures.isEmpty()
                ? "the bake of all images failed: " + BakeEngine.oneLine(String.join("\n", progress.plainTail()))
                : String.join(", ", failures.keySet()) + " failed";
        boolean failedForGood = false;
        for (Map.Entry<String, String> f : failures.entrySet()) {
            String image = f.getKey();
            List<String> evidence = new ArrayList<>(progress.tail(image));
            evidence.add(f.getValue());
            evidence.addAll(progress.plainTail());
            state.of(image).attempts(1);
            if (TransientFailures.isTransient(evidence) && engine.settings.retries() > 0) {
                retryLater(image, f.getValue(), 0);
            } else {
                engine.failed(state.of(image), f.getValue(), result, progress, index, total());
                failedForGood = true;
            }
        }
        for (String image : order) {
            if (!state.of(image).decided() && !state.retryAt.containsKey(image)) {
                waiting.add(image);
                progress.note(image, "the bake of all images stopped (" + why + "); this image is built on its own");
            }
        }
        for (String image : failures.keySet()) {
            if (state.of(image).is(BuildResult.Status.FAILED)) {
                afterFailure(image, startedHere);
            }
        }
        if (!failedForGood) {
            decideAwaiting();
        }
    }

    /** Starts the bakes that may start: retries due, and images whose in-run parents' bakes have started. */
    void launchReady(ExecutorService bakes) {
        Instant now = Instant.now();
        for (Map.Entry<String, Instant> r : List.copyOf(state.retryAt.entrySet())) {
            if (!r.getValue().isAfter(now)) {
                state.retryAt.remove(r.getKey());
                launch(r.getKey(), bakes);
            }
        }
        for (String image : List.copyOf(waiting)) {
            if (state.stopping && !resuming.contains(image)) {
                continue;
            }
            // a parent's bake has listed (and claimed) its steps once one of them started
            boolean parentsGoing = state.of(image).parents().stream()
                    .allMatch(p -> state.of(p).is(BuildResult.Status.DONE) || state.running.containsKey(p)
                            && state.running.get(p).bake().progress().startedImages().contains(p));
            if (parentsGoing) {
                waiting.remove(image);
                launch(image, bakes);
            }
        }
    }

    void launch(String image, ExecutorService bakes) {
        String target = definition.targetOfImage().get(image);
        Path metadata = metadataFile("bake-metadata-" + target + ".json");
        Progress progress = progress(Optional.of(image));
        List<String> argv = engine.argv(bakeFile, metadata, List.of(target));
        ImageBuild build = state.of(image);
        int attempt = build.attempt();
        progress.note(image, "bake (attempt " + attempt + "): " + String.join(" ", argv));
        BakeProcess bake = new BakeProcess(Set.of(image), argv, bakeFile.getParent(),
                metadata, Optional.of(progress), engine.runner, ended,
                () -> Optional.ofNullable(build.cancelledBecause()).orElse("the run was stopped"));
        state.running.put(image, new BakeEngine.Running(bake, bakes.submit(bake)));
    }

    private Path metadataFile(String fileName) {
        Path metadata = engine.settings.reportDir().resolve(fileName);
        try {
            Files.deleteIfExists(metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + metadata, e);
        }
        return metadata;
    }

    /** The progress of a bake of {@code only} that one image, or of all images. */
    private Progress progress(Optional<String> only) {
        return new Progress(definition, ancestors::get, engine.settings.logDir(), new Progress.Listener() {
            @Override
            public void started(String i) {
                ImageBuild build = state.of(i);
                if (build.startedAt(Instant.now())) {
                    engine.console.info(BakeEngine.line(index, total(), i) + " " + build.version() + " building ("
                            + build.describe() + ")");
                }
            }

            @Override
            public void line(String i, String line) {
                if (engine.settings.verbose()) {
                    engine.console.info(i + " | " + line);
                }
            }
        }, only, claims);
    }

    private void retryLater(String image, String error, int used) {
        Duration wait = engine.settings.retryBackoff().multipliedBy(1L << used);
        engine.console.warn(image + " " + state.of(image).version() + ": transient registry failure ("
                + BakeEngine.oneLine(error) + "), building it again in " + BakeEngine.seconds(wait) + " (attempt "
                + (used + 2) + " of " + (engine.settings.retries() + 1) + ")");
        state.retryAt.put(image, Instant.now().plus(wait));
    }

    void handle(BakeProcess.Ended e) throws IOException {
        String image = e.bake().image();
        state.running.remove(image);
        if (e.cannotStart().isPresent()) {
            throw DockerUnavailableException.cannotStart(engine.settings.docker(), e.cannotStart().get().getMessage(),
                    "Docker with buildx");
        }
        if (e.cancelled() || state.of(image).decided()) {
            return; // cancelled: its status was given when it was
        }
        ProcessRunner.Result result = e.result().orElseThrow();
        Progress progress = e.bake().progress();
        if (result.succeeded()) {
            engine.done(state.of(image), definition, engine.metadata(e.bake().metadata()), progress, index,
                    total());
            decideAwaiting();
            return;
        }
        Map<String, String> failures = new LinkedHashMap<>(progress.failures());
        String own = failures.remove(image);
        if (own == null && !failures.isEmpty()) {
            // it failed on an ancestor's step: what the ancestor's own bake says decides
            state.awaitingAncestors.add(image);
            progress.note(image, "waiting for " + String.join(", ", failures.keySet()) + ", whose step failed");
            decideAwaiting();
            return;
        }
        String error = own != null ? own : String.join("\n", progress.plainTail());
        List<String> evidence = new ArrayList<>(progress.tail(image));
        evidence.add(error);
        evidence.addAll(progress.plainTail());
        int used = state.of(image).attempts() - 1;
        if (TransientFailures.isTransient(evidence) && used < engine.settings.retries()) {
            retryLater(image, error, used);
            return;
        }
        engine.failed(state.of(image), error, result, progress, index, total());
        afterFailure(image, Set.of());
    }

    /**
     * A permanent failure: its descendants are blocked; with stop-on-first-error nothing new starts, but what had
     * started goes on: an image baking, or one whose own steps the bake of all images had started ({@code started}).
     */
    void afterFailure(String failed, Set<String> started) {
        for (String d : descendants.getOrDefault(failed, Set.of())) {
            ImageBuild child = state.of(d);
            if (!child.is(BuildResult.Status.FAILED) && !child.is(BuildResult.Status.BLOCKED)) {
                block(d, failed); // even one done already: it is never released on a failed parent
            }
        }
        if (engine.settings.stopOnFirstError() && !state.stopping) {
            state.stopping = true;
            String why = failed + " failed; nothing new starts after a failure";
            for (String image : List.copyOf(state.running.keySet())) {
                if (!state.of(image).decided()
                        && !state.running.get(image).bake().progress().startedImages().contains(image)) {
                    cancel(image, BuildResult.Status.NOT_STARTED, why);
                }
            }
            for (String image : List.copyOf(waiting)) {
                if (started.contains(image)) {
                    resuming.add(image);
                } else {
                    waiting.remove(image);
                    if (state.of(image).decideIfOpen(BuildResult.Status.NOT_STARTED)) {
                        notStarted(image, why);
                    }
                }
            }
        }
        decideAwaiting();
    }

    void block(String image, String by) {
        state.of(image).blockedBy(by);
        waiting.remove(image);
        state.retryAt.remove(image);
        state.awaitingAncestors.remove(image);
        if (state.running.containsKey(image)) {
            cancel(image, BuildResult.Status.BLOCKED, "parent " + by + " failed");
        } else {
            state.of(image).status(BuildResult.Status.BLOCKED);
        }
        engine.console.error(BakeEngine.line(index, total(), image) + " " + state.of(image).version() + " BLOCKED (" + by + " failed)");
    }

    /** An image never baked because of a failure: its log and the console say why. */
    void notStarted(String image, String why) {
        try {
            Files.writeString(Progress.logFile(engine.settings.logDir(), image), "### cip " + Instant.now()
                    + " cancelled: " + why + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is best effort
        }
        engine.console.warn(BakeEngine.line(index, total(), image) + " " + state.of(image).version() + " cancelled ("
                + why + ")");
    }

    /** Stops a running bake: the image gets {@code status}, its log and the console say why. */
    void cancel(String image, BuildResult.Status status, String why) {
        ImageBuild build = state.of(image);
        build.status(status);
        build.cancelledBecause(why);
        BakeEngine.Running r = state.running.get(image);
        if (r != null) {
            if (!r.bake().progress().startedImages().contains(image)) {
                build.uncountAttempt(); // none of its own steps ran: no attempt
            }
            r.future().cancel(true);
        }
        if (status != BuildResult.Status.BLOCKED) {
            engine.console.warn(BakeEngine.line(index, total(), image) + " " + build.version() + " cancelled (" + why
                    + ")");
        }
    }

    /** Images that failed on an ancestor's step, once every ancestor is decided: built again, or blocked. */
    void decideAwaiting() {
        for (String image : List.copyOf(state.awaitingAncestors)) {
            Set<String> mine = ancestors.get(image);
            if (mine.stream().anyMatch(a -> !state.of(a).decided())) {
                continue;
            }
            state.awaitingAncestors.remove(image);
            Optional<String> bad = mine.stream()
                    .filter(a -> !state.of(a).is(BuildResult.Status.DONE)).findFirst();
            if (bad.isPresent()) {
                block(image, bad.get());
            } else {
                state.of(image).uncountAttempt(); // that bake was no attempt of its own
                state.retryAt.put(image, Instant.now());
            }
        }
    }
}
