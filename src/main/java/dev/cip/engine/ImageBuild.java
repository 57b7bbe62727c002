package dev.cip.engine;

import dev.cip.report.BuildResult;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One image through one {@link BakeEngine} run: what it is, and how its build goes so far. Changed on the engine's
 * thread, except: its start is set by the thread reading its bake's progress (so every access to it is
 * synchronized), its status is read by the ticker naming the images still building, and why it was cancelled by the
 * thread of its bake (so both are volatile).
 */
final class ImageBuild {
    private final BakeEngine.Image image;
    /** Absent while undecided: it has not ended, failed, been blocked or cancelled yet. */
    private volatile BuildResult.Status status;
    private volatile String cancelledBecause;
    private int attempts;
    private Instant start;
    private Instant end;
    private String digest;
    private Integer exitCode;
    private String error;
    private List<String> tail = List.of();
    private String blockedBy;

    ImageBuild(BakeEngine.Image image) {
        this.image = image;
    }

    String name() {
        return image.name();
    }

    String version() {
        return image.version();
    }

    /** Its platforms, for the console. */
    String describe() {
        return image.describe();
    }

    /** Its parents built in the same run. */
    Set<String> parents() {
        return image.inRunParents();
    }

    Optional<BuildResult.Status> status() {
        return Optional.ofNullable(status);
    }

    /** Whether its status is given: done, failed, blocked or not started. */
    boolean decided() {
        return status != null;
    }

    boolean is(BuildResult.Status s) {
        return status == s;
    }

    void status(BuildResult.Status s) {
        status = s;
    }

    /** Gives it {@code s} unless it has a status already; whether it did. */
    boolean decideIfOpen(BuildResult.Status s) {
        if (status != null) {
            return false;
        }
        status = s;
        return true;
    }

    int attempts() {
        return attempts;
    }

    void attempts(int n) {
        attempts = n;
    }

    /** Counts one more attempt; its number. */
    int attempt() {
        return ++attempts;
    }

    /** The last attempt was none of its own (it never ran a step of its own). */
    void uncountAttempt() {
        attempts--;
    }

    /** Sets its start unless it has one; whether it did (the first time a step of its own starts). */
    synchronized boolean startedAt(Instant at) {
        if (start != null) {
            return false;
        }
        start = at;
        return true;
    }

    synchronized Optional<Instant> start() {
        return Optional.ofNullable(start);
    }

    /**
     * It ended at {@code at}; it started at {@code started} if earlier than the start it has (an image built again
     * after the bake of all images stopped keeps the start of its first build), else then. The end is never before
     * the start.
     */
    synchronized void ran(Optional<Instant> started, Instant at) {
        started.ifPresent(s -> start = start == null || s.isBefore(start) ? s : start);
        if (start == null) {
            start = at;
        }
        end = at.isBefore(start) ? start : at;
    }

    /** It failed at {@code at}: it keeps the start it has, else {@code started}; the end is never before that. */
    synchronized void failedRun(Instant started, Optional<Instant> ended, Instant now) {
        if (start == null) {
            start = started;
        }
        Instant s = start;
        end = ended.filter(e -> !e.isBefore(s)).orElse(now);
    }

    /** The end it has (set once it ran). */
    synchronized Instant end() {
        return end;
    }

    void digest(String d) {
        digest = d;
    }

    void failure(String oneLineError, int exit, List<String> lastLines) {
        error = oneLineError;
        exitCode = exit;
        tail = List.copyOf(lastLines);
    }

    void blockedBy(String parent) {
        blockedBy = parent;
    }

    /** Why its running bake was cancelled, for its log. */
    String cancelledBecause() {
        return cancelledBecause;
    }

    void cancelledBecause(String why) {
        cancelledBecause = why;
    }

    /** How it went, once the run is over; an image that was never decided did not start. */
    synchronized BuildResult result(Path log) {
        BuildResult.Status s = status == null ? BuildResult.Status.NOT_STARTED : status;
        BuildResult.Builder b = BuildResult.builder(name(), version(), s, log).attempts(attempts);
        if (exitCode != null) {
            b.exitCode(exitCode);
        }
        if (digest != null) {
            b.digest(digest);
        }
        boolean ran = s == BuildResult.Status.DONE || s == BuildResult.Status.FAILED;
        if (ran && start != null && end != null) {
            b.ran(start, end);
        }
        if (blockedBy != null) {
            b.blockedBy(blockedBy);
        }
        return b.failure(tail, Optional.ofNullable(error)).build();
    }
}
