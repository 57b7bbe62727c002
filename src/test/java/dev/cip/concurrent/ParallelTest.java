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

    @Test
    void runsEveryItemAtMostConcurrencyAtOnceWhileTheCallerWorks() throws Exception {
        Set<Integer> done = ConcurrentHashMap.newKeySet();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch twoRunning = new CountDownLatch(2);
        Parallel.forEach("par-test", 2, IntStream.range(0, 10).boxed().toList(), i -> {
            threads.add(Thread.currentThread().getName());
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
        assertTrue(!threadAlive("par-test"), "no thread outlives the call");
    }

    @Test
    void theFirstFailureIsRethrownAndNoThreadOutlivesIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.forEach(
                "par-fail", 3, List.of(1, 2, 3, 4), i -> {
                    if (i == 3) {
                        throw new IllegalArgumentException("three");
                    }
                }, () -> { }));
        assertEquals("three", e.getMessage());
        assertTrue(!threadAlive("par-fail"));
    }
}
