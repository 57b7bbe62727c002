package dev.cip.release;

import dev.cip.concurrent.Parallel;

import java.util.List;

/** Registry reads of one image that do not depend on one another, sent at once: one round trip instead of several. */
final class SideBySide {
    /** Reads at once at most; a release already reads {@link Releaser#CONCURRENCY} images at once. */
    private static final int MAX = 8;

    private SideBySide() {
    }

    /** Runs {@code reads} at once; returns when every one is done, rethrowing the first failure. */
    static void run(String registry, List<Runnable> reads) {
        try {
            Parallel.forEach("cip-release-read", Math.min(reads.size(), MAX), reads, Runnable::run, () -> { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading registry " + registry, e);
        }
    }
}
