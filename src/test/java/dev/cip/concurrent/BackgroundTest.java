package dev.cip.concurrent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackgroundTest {
    @Test
    void theWorkRunsBesideTheCallerAndJoinGivesItsResult() throws Exception {
        CountDownLatch callerReached = new CountDownLatch(1);
        AtomicReference<Thread> worker = new AtomicReference<>();
        try (Background<String> work = Background.start("cip-test-bg", () -> {
            worker.set(Thread.currentThread());
            // waits for the caller: the work must not run on the caller's thread, nor before start() returned
            assertTrue(callerReached.await(10, TimeUnit.SECONDS));
            return "done";
        })) {
            callerReached.countDown();
            assertEquals("done", work.join());
        }
        assertEquals("cip-test-bg", worker.get().getName());
        assertFalse(worker.get().isAlive(), "the thread outlived close()");
    }

    @Test
    void joinThrowsWhatTheWorkThrew() {
        try (Background<String> io = Background.start("cip-test-bg", () -> {
            throw new IOException("no such file");
        }); Background<String> runtime = Background.start("cip-test-bg", () -> {
            throw new IllegalArgumentException("bad");
        })) {
            assertEquals("no such file", assertThrows(IOException.class, io::join).getMessage());
            assertEquals("bad", assertThrows(IllegalArgumentException.class, runtime::join).getMessage());
        }
    }

    @Test
    void afterTheOwnerFailedTheWorkStillFinishesAndWhatItThrewIsKeptBesideTheFailure() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean written = new AtomicBoolean();
        IOException failure = new IOException("the step after the plan failed");
        try (Background<Void> report = Background.start("cip-test-bg", () -> {
            assertTrue(release.await(10, TimeUnit.SECONDS));
            Thread.sleep(100); // still writing when the owner fails
            written.set(true);
            throw new IOException("disk full");
        })) {
            release.countDown();
            report.finishAfter(failure);
            assertTrue(written.get(), "finishAfter returned before the work was done");
        }
        assertEquals(1, failure.getSuppressed().length);
        assertEquals("disk full", failure.getSuppressed()[0].getMessage());
    }

    @Test
    void anInterruptedOwnerDoesNotWaitForTheWorkAndKeepsItsInterrupt() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        try (Background<Void> report = Background.start("cip-test-bg", () -> {
            started.countDown();
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
            return null;
        })) {
            assertTrue(started.await(10, TimeUnit.SECONDS));
            long start = System.nanoTime();
            report.finishAfter(new InterruptedException("Ctrl-C"));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "finishAfter waited");
            Thread.currentThread().interrupt();
            report.finishAfter(new IOException("failed while interrupted"));
            assertTrue(Thread.interrupted(), "the owner's interrupt was lost");
        }
        assertTrue(interrupted.get(), "close() did not interrupt the work");
    }

    @Test
    void closingWorkNobodyTookInterruptsItAndWaitsForItsThread() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicReference<Thread> worker = new AtomicReference<>();
        Background<String> work = Background.start("cip-test-bg", () -> {
            worker.set(Thread.currentThread());
            started.countDown();
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                Thread.sleep(200); // a clean-up that takes a while: close() must wait for it
                interrupted.set(true);
                throw e;
            }
            return "late";
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        long start = System.nanoTime();
        work.close();
        assertTrue(interrupted.get(), "the work was not interrupted, or close() did not wait for its end");
        assertFalse(worker.get().isAlive(), "the thread outlived close()");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30));
    }
}
