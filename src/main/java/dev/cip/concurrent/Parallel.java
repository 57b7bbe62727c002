package dev.cip.concurrent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Bounded parallel work whose threads never outlive the call. */
public final class Parallel {
    /** How long the call waits, once every action is done or interrupted, for its threads to end. */
    private static final long THREAD_END_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(1);

    private Parallel() {
    }

    /**
     * Runs {@code action} for every item on at most {@code concurrency} daemon threads named {@code name}, while
     * {@code alongside} runs on the calling thread. Returns when every action is done and every thread has ended;
     * the first exception of an action (or of {@code alongside}) is rethrown, the other actions being interrupted.
     */
    public static <T> void forEach(String name, int concurrency, Collection<T> items, Consumer<? super T> action,
                                   Runnable alongside) throws InterruptedException {
        if (concurrency <= 1 || items.size() < 2) {
            items.forEach(action);
            alongside.run();
            return;
        }
        OwnedThreads threads = new OwnedThreads(name);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, items.size()), threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> action.accept(item)));
            }
            alongside.run();
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            threads.stop(pool, Duration.ofMillis(THREAD_END_TIMEOUT_MILLIS));
        }
    }
}
