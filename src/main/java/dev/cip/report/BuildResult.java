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

    /** The result of {@code name} at {@code version}, with its log at {@code log}; the rest set by name. */
    public static Builder builder(String name, String version, Status status, Path log) {
        return new Builder(name, version, status, log);
    }

    /** Builds a {@link BuildResult} field by field; what is not set is absent (no attempt, no exit code, …). */
    public static final class Builder {
        private final String name;
        private final String version;
        private final Status status;
        private final Path log;
        private int attempts;
        private Optional<Integer> exitCode = Optional.empty();
        private Optional<String> digest = Optional.empty();
        private Optional<Instant> start = Optional.empty();
        private Optional<Instant> end = Optional.empty();
        private Optional<String> blockedBy = Optional.empty();
        private List<String> tail = List.of();
        private Optional<String> error = Optional.empty();

        private Builder(String name, String version, Status status, Path log) {
            this.name = name;
            this.version = version;
            this.status = status;
            this.log = log;
        }

        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        public Builder exitCode(int exitCode) {
            this.exitCode = Optional.of(exitCode);
            return this;
        }

        public Builder digest(String digest) {
            this.digest = Optional.of(digest);
            return this;
        }

        /** When its first solve started and its last ended. */
        public Builder ran(Instant start, Instant end) {
            this.start = Optional.of(start);
            this.end = Optional.of(end);
            return this;
        }

        public Builder blockedBy(String parent) {
            this.blockedBy = Optional.of(parent);
            return this;
        }

        /** The last lines of its log and, when known, what failed in BuildKit's words. */
        public Builder failure(List<String> tail, Optional<String> error) {
            this.tail = tail;
            this.error = error;
            return this;
        }

        public BuildResult build() {
            return new BuildResult(name, version, status, attempts, exitCode, digest, start, end, log, blockedBy,
                    tail, error);
        }
    }
}
