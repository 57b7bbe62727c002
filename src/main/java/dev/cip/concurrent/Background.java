package dev.cip.concurrent;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * One piece of work started now on a thread of its own and taken later with {@link #join}, so that it overlaps what
 * the caller does meanwhile. Closing it (try-with-resources) interrupts the work if nobody took it and waits for
 * its thread to end: the thread never outlives its owner, whether the owner took the result or failed first.
 *
 * @param <T> what the work gives
 */
public final class Background<T> implements AutoCloseable {
    /** Work that may fail the way cip's steps do. */
    @FunctionalInterface
    public interface Work<T> {
        T call() throws IOException, InterruptedException;
    }

    private final FutureTask<T> task;
    private final Thread thread;

    private Background(FutureTask<T> task, Thread thread) {
        this.task = task;
        this.thread = thread;
    }

    /** Starts {@code work} on a daemon thread named {@code name}. */
    public static <T> Background<T> start(String name, Work<T> work) {
        FutureTask<T> task = new FutureTask<>(work::call);
        Thread thread = new OwnedThreads(name).newThread(task);
        thread.start();
        return new Background<>(task, thread);
    }

    /**
     * Waits for the work and gives its result, or throws what it threw.
     *
     * @throws InterruptedException when the caller is interrupted while waiting (the work goes on until
     *                              {@link #close})
     */
    public T join() throws IOException, InterruptedException {
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * Lets the work finish after its owner failed with {@code failure}, for work whose result must exist however the
     * owner ends (a report): waits for it, and adds what it threw to {@code failure} as suppressed. An interrupted
     * owner does not wait: its interrupt is kept, and {@link #close} then interrupts the work.
     */
    public void finishAfter(Throwable failure) {
        if (failure instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
            return;
        }
        try {
            join();
        } catch (IOException | RuntimeException | Error e) {
            failure.addSuppressed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Interrupts the work if it still runs, and waits for its thread to end (keeping the caller's interrupt). */
    @Override
    public void close() {
        task.cancel(true);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
