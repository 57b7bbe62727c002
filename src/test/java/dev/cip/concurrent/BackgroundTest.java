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
