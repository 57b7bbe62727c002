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
 * One {@code docker buildx bake} process, run on a thread of the engine: of all images of a definition (one solve,
 * while nothing failed), or of one image (its in-run ancestors coming along as {@code target:} contexts). When it
 * ends, by itself or cancelled, it posts an {@link Ended}.
 */
final class BakeProcess implements Runnable {

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
    BakeProcess(Set<String> images, List<String> argv, Path workDir, Path metadata,
                Optional<Progress> progress, ProcessRunner runner, BlockingQueue<Ended> ended,
                Supplier<String> cancelledBecause) {
        this.images = Set.copyOf(images);
        this.argv = List.copyOf(argv);
        this.workDir = workDir;
        this.metadata = metadata;
        this.progress = progress;
        this.runner = runner;
        this.ended = ended;
        this.cancelledBecause = cancelledBecause;
    }

    Set<String> images() {
        return images;
    }

    /** The one image of a bake of one image. */
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
