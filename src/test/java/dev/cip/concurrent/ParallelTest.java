package dev.cip.concurrent;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTest {

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    private static List<Thread> alive(Set<Thread> threads) {
        return threads.stream().filter(Thread::isAlive).toList();
    }

    @Test
    void runsEveryItemAtMostConcurrencyAtOnceWhileTheCallerWorks() throws Exception {
        Set<Integer> done = ConcurrentHashMap.newKeySet();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Set<Thread> workers = ConcurrentHashMap.newKeySet();
        CountDownLatch twoRunning = new CountDownLatch(2);
        Parallel.forEach("par-test", 2, IntStream.range(0, 10).boxed().toList(), i -> {
            threads.add(Thread.currentThread().getName());
            workers.add(Thread.currentThread());
            twoRunning.countDown();
            try {
                assertTrue(twoRunning.await(10, TimeUnit.SECONDS)); // two at once, or this never returns
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            done.add(i);
        }, () -> threads.add("caller"));
        assertEquals(10, done.size());
        assertEquals(Set.of("par-test", "caller"), threads);
        assertEquals(List.of(), alive(workers), "no thread outlives the call");
        assertTrue(!threadAlive("par-test"), "no thread outlives the call");
    }

    /**
     * A pool's {@code awaitTermination} returns while its last worker is still on its way out; one call in a few used
     * to return with a thread alive. Many calls in a row make that race show every time, not one run in three.
     */
    @Test
    void noThreadOutlivesAnyOfManyCalls() throws Exception {
        for (int call = 0; call < 200; call++) {
            Set<Thread> workers = ConcurrentHashMap.newKeySet();
            Parallel.forEach("par-many", 4, IntStream.range(0, 8).boxed().toList(),
                    i -> workers.add(Thread.currentThread()), () -> { });
            assertEquals(List.of(), alive(workers), "call " + call + ": no thread outlives the call");
        }
    }

    @Test
    void theFirstFailureIsRethrownAndNoThreadOutlivesIt() {
        Set<Thread> workers = ConcurrentHashMap.newKeySet();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.forEach(
                "par-fail", 3, List.of(1, 2, 3, 4), i -> {
                    workers.add(Thread.currentThread());
                    if (i == 3) {
                        throw new IllegalArgumentException("three");
                    }
                }, () -> { }));
        assertEquals("three", e.getMessage());
        assertEquals(List.of(), alive(workers), "no thread outlives the failed call");
        assertTrue(!threadAlive("par-fail"));
    }
}
