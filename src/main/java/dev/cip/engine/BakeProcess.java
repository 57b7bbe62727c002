package dev.cip.engine;

import dev.cip.process.ProcessRunner;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * One {@code docker buildx bake} process, run on a thread of the engine. When it ends, by itself or cancelled, it
 * posts an {@link Ended}.
 */
final class BakeProcess implements Runnable {

    /** What a bake is for. */
    enum Kind {
        /** Every image of the definition in one solve: the fast way while nothing fails. */
        ALL,
        /** One image, its in-run ancestors coming along as {@code target:} contexts. */
        IMAGE
    }

    /**
     * How a bake ended.
     *
     * @param result      bake's exit, absent when it was cancelled or could not start
     * @param cannotStart why the program could not be started
     */
    record Ended(BakeProcess bake, Optional<ProcessRunner.Result> result, Optional<IOException> cannotStart) {
        boolean cancelled() {
            return result.isEmpty() && cannotStart.isEmpty();
        }
    }

    private final Kind kind;
    private final Set<String> images;
    private final List<String> argv;
    private final Path workDir;
    private final Path metadata;
    private final Optional<Progress> progress;
    private final ProcessRunner runner;
    private final BlockingQueue<Ended> ended;
    private final Supplier<String> cancelledBecause;

    /**
     * @param images           the images it builds
     * @param progress         where its {@code rawjson} progress goes
     * @param cancelledBecause why the bake was cancelled, asked when it was, for its log
     */
    BakeProcess(Kind kind, Set<String> images, List<String> argv, Path workDir, Path metadata,
                Optional<Progress> progress, ProcessRunner runner, BlockingQueue<Ended> ended,
                Supplier<String> cancelledBecause) {
        this.kind = kind;
        this.images = Set.copyOf(images);
        this.argv = List.copyOf(argv);
        this.workDir = workDir;
        this.metadata = metadata;
        this.progress = progress;
        this.runner = runner;
        this.ended = ended;
        this.cancelledBecause = cancelledBecause;
    }

    Kind kind() {
        return kind;
    }

    Set<String> images() {
        return images;
    }

    /** The one image of an {@link Kind#IMAGE} bake. */
    String image() {
        return images.iterator().next();
    }

    Path metadata() {
        return metadata;
    }

    Progress progress() {
        return progress.orElseThrow();
    }

    @Override
    public void run() {
        Ended end;
        try {
            ProcessRunner.Result result = runner.run(ProcessRunner.Request.of(argv).in(workDir)
                    .timeout(Duration.ofHours(6)).onLine((stream, line) -> progress.ifPresent(p -> p.line(line))));
            end = new Ended(this, Optional.of(result), Optional.empty());
        } catch (InterruptedException e) {
            String why = "cancelled: " + cancelledBecause.get();
            images.forEach(image -> progress.ifPresent(p -> p.note(image, why)));
            end = new Ended(this, Optional.empty(), Optional.empty());
        } catch (IOException e) {
            end = new Ended(this, Optional.empty(), Optional.of(e));
        } finally {
            progress.ifPresent(Progress::close);
        }
        ended.add(end);
    }
}
