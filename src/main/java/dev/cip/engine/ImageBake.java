package dev.cip.engine;

import dev.cip.process.ProcessRunner;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * One {@code docker buildx bake -- <target>} of one image, run on a thread of the engine: the image's in-run ancestors
 * come along as {@code target:} contexts (bake builds them without an output; BuildKit shares their steps with the
 * ancestors' own bakes, which push them). When it ends, by itself or cancelled, it posts an {@link Ended}.
 */
final class ImageBake implements Runnable {

    /**
     * How a bake ended.
     *
     * @param result       bake's exit, absent when it was cancelled or could not start
     * @param cannotStart  why the program could not be started
     */
    record Ended(String image, Progress progress, Path metadata, Optional<ProcessRunner.Result> result,
                 Optional<IOException> cannotStart) {
        boolean cancelled() {
            return result.isEmpty() && cannotStart.isEmpty();
        }
    }

    private final String image;
    private final List<String> argv;
    private final Path workDir;
    private final Path metadata;
    private final Progress progress;
    private final ProcessRunner runner;
    private final BlockingQueue<Ended> ended;
    private final Supplier<String> cancelledBecause;

    /** @param cancelledBecause why the bake was cancelled, asked when it was, for its log */
    ImageBake(String image, List<String> argv, Path workDir, Path metadata, Progress progress, ProcessRunner runner,
              BlockingQueue<Ended> ended, Supplier<String> cancelledBecause) {
        this.image = image;
        this.argv = List.copyOf(argv);
        this.workDir = workDir;
        this.metadata = metadata;
        this.progress = progress;
        this.runner = runner;
        this.ended = ended;
        this.cancelledBecause = cancelledBecause;
    }

    Progress progress() {
        return progress;
    }

    @Override
    public void run() {
        Ended end;
        try {
            ProcessRunner.Result result = runner.run(ProcessRunner.Request.of(argv).in(workDir)
                    .timeout(Duration.ofHours(6)).onLine((stream, line) -> progress.line(line)));
            end = new Ended(image, progress, metadata, Optional.of(result), Optional.empty());
        } catch (InterruptedException e) {
            progress.note(image, "cancelled: " + cancelledBecause.get());
            end = new Ended(image, progress, metadata, Optional.empty(), Optional.empty());
        } catch (IOException e) {
            end = new Ended(image, progress, metadata, Optional.empty(), Optional.of(e));
        } finally {
            progress.close();
        }
        ended.add(end);
    }
}
