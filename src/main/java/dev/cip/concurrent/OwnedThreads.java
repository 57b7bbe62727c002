package dev.cip.concurrent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The one thread factory of the plugin: daemon threads with a name, each remembered, so that their owner can end
 * every one of them before it returns. An executor's {@code awaitTermination} is not enough: the pool reports itself
 * terminated before its last worker's thread has ended, and a thread still alive when Maven closes the plugin's class
 * realm dies with {@code NoClassDefFoundError}.
 */
public final class OwnedThreads implements ThreadFactory {
    private final String name;
    private final List<Thread> made = new ArrayList<>();

    public OwnedThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        synchronized (made) {
            made.add(t);
        }
        return t;
    }

    /**
     * Stops {@code executor} (interrupting what runs) and waits, at most {@code timeout} in all, until every thread
     * made here has ended.
     */
    public void stop(ExecutorService executor, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        executor.shutdownNow();
        executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<Thread> threads;
        synchronized (made) {
            threads = List.copyOf(made);
        }
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            t.join(left);
        }
    }
}
