package dev.cip.build;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How the build of one image went.
 *
 * @param attempts  how many times it was started (transient registry failures are retried)
 * @param exitCode  the last exit code of {@code docker}, when it ran
 * @param digest    the pushed digest, from the metadata file
 * @param blockedBy the failed image that blocked it
 * @param tail      the last lines of its log, for failures
 */
public record BuildResult(String name, String version, Scheduler.Status status, int attempts,
                          Optional<Integer> exitCode, Optional<String> digest, Optional<Instant> start,
                          Optional<Instant> end, Path log, Optional<String> blockedBy, List<String> tail,
                          Optional<String> error) {
    public BuildResult {
        tail = List.copyOf(tail);
    }
}
