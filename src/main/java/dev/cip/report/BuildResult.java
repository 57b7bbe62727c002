package dev.cip.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How the build of one image went.
 *
 * @param attempts  how many times it was solved (transient registry failures are solved again)
 * @param exitCode  the exit code of the {@code docker buildx bake} that failed it, for failures
 * @param digest    the pushed (or loaded) digest, from bake's metadata file
 * @param blockedBy the failed image that blocked it
 * @param tail      the last lines of its log, for failures
 * @param error     what failed, in BuildKit's words, for failures
 */
public record BuildResult(String name, String version, Status status, int attempts,
                          Optional<Integer> exitCode, Optional<String> digest, Optional<Instant> start,
                          Optional<Instant> end, Path log, Optional<String> blockedBy, List<String> tail,
                          Optional<String> error) {
    /** How an image's build ended. */
    public enum Status { DONE, FAILED, BLOCKED, NOT_STARTED }

    public BuildResult {
        tail = List.copyOf(tail);
    }
}
