package dev.cip.build;

import dev.cip.build.Scheduler.Outcome;
import dev.cip.build.Scheduler.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ordering is asserted with latches, never with sleeps: waits are bounded only to fail instead of hanging. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchedulerTest {
    private static final long WAIT = 20;

    private static final Scheduler.Listener QUIET = new Scheduler.Listener() {
    };

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(WAIT, TimeUnit.SECONDS), "timed out waiting for " + what);
    }

    private static Map<String, Status> statuses(Map<String, Outcome> outcomes) {
        Map<String, Status> s = new java.util.LinkedHashMap<>();
        outcomes.forEach((k, v) -> s.put(k, v.status()));
        return s;
    }

    @Test
    void rejectsParallelismBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new Scheduler(0, true));
    }

    @Test
    void childrenStartOnlyAfterAllTheirParentsFinished() throws Exception {
        // base <- left, right <- top; lone is independent; an outside dependency counts as done.
        List<String> order = List.of("base", "lone", "left", "right", "top");
        Map<String, Set<String>> deps = Map.of(
                "base", Set.of("outside"),
                "left", Set.of("base"),
                "right", Set.of("base"),
                "top", Set.of("left", "right"));
        Set<String> finished = ConcurrentHashMap.newKeySet();
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        List<String> started = Collections.synchronizedList(new ArrayList<>());
        Map<String, Outcome> outcomes = new Scheduler(4, true).run(order, deps, name -> {
            started.add(name);
            for (String d : deps.getOrDefault(name, Set.of())) {
                if (order.contains(d) && !finished.contains(d)) {
                    violations.add(name + " started before " + d + " finished");
                }
            }
            finished.add(name);
            return true;
        }, QUIET);
        assertEquals(List.of(), violations);
        assertEquals(Set.copyOf(order), Set.copyOf(started));
        assertEquals(5, started.size(), "each job runs once");
        assertEquals(order, List.copyOf(outcomes.keySet()), "outcomes come in the given order");
        outcomes.values().forEach(o -> {
            assertEquals(Status.DONE, o.status(), o.name());
            assertTrue(o.start().isPresent() && o.end().isPresent(), o.name());
            assertFalse(o.end().get().isBefore(o.start().get()));
            assertTrue(o.duration().isPresent());
        });
    }

    @Test
    void neverRunsMoreJobsAtOnceThanTheLimit() throws Exception {
        List<String> order = List.of("a", "b", "c", "d", "e", "f");
        AtomicInteger current = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        Semaphore startedJobs = new Semaphore(0);
        Semaphore release = new Semaphore(0);
        AtomicReference<Map<String, Outcome>> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                result.set(new Scheduler(2, true).run(order, Map.of(), name -> {
                    max.accumulateAndGet(current.incrementAndGet(), Math::max);
                    startedJobs.release();
                    // Blocks until the test lets it go: an unlimited scheduler would have all six in here at once.
                    boolean released = release.tryAcquire(WAIT, TimeUnit.SECONDS);
                    current.decrementAndGet();
                    return released;
                }, QUIET));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        runner.start();
        // Two start right away; then each release lets exactly one more start.
        assertTrue(startedJobs.tryAcquire(2, WAIT, TimeUnit.SECONDS), "two jobs should start at once");
        for (int k = 2; k < order.size(); k++) {
            release.release();
            assertTrue(startedJobs.tryAcquire(1, WAIT, TimeUnit.SECONDS), "job " + (k + 1) + " should start");
            assertTrue(current.get() <= 2, "running: " + current.get());
        }
        release.release(2);
        runner.join(TimeUnit.SECONDS.toMillis(WAIT));
        assertFalse(runner.isAlive());
        assertEquals(null, failure.get());
        assertEquals(2, max.get(), "at most (and, here, exactly) two at once");
        result.get().values().forEach(o -> assertEquals(Status.DONE, o.status(), o.name()));
    }

    @Test
    void aJobStartsAsSoonAsItsOwnParentsAreDoneNotBatchByBatch() throws Exception {
        // slow and fast are independent; child needs only fast. child must start while slow still runs.
        List<String> order = List.of("slow", "fast", "child");
        Map<String, Set<String>> deps = Map.of("child", Set.of("fast"));
        CountDownLatch childStarted = new CountDownLatch(1);
        AtomicInteger slowSawChild = new AtomicInteger(-1);
        Map<String, Outcome> outcomes = new Scheduler(2, true).run(order, deps, name -> {
            switch (name) {
                case "slow" -> slowSawChild.set(childStarted.await(WAIT, TimeUnit.SECONDS) ? 1 : 0);
                case "child" -> childStarted.countDown();
                default -> {
                }
            }
            return true;
        }, QUIET);
        assertEquals(1, slowSawChild.get(), "child did not start while the unrelated slow job ran");
        assertTrue(outcomes.get("child").start().get().isBefore(outcomes.get("slow").end().get()));
        assertEquals(Map.of("slow", Status.DONE, "fast", Status.DONE, "child", Status.DONE), statuses(outcomes));
    }

    @Test
    void aFailureBlocksEveryDescendantAndIndependentJobsStillRun() throws Exception {
        // base fails; mid and leaf (through mid) and side2 (through both) are blocked; other runs.
        List<String> order = List.of("base", "other", "mid", "side2", "leaf");
        Map<String, Set<String>> deps = Map.of(
                "mid", Set.of("base"),
                "leaf", Set.of("mid"),
                "side2", Set.of("other", "mid"));
        Set<String> ran = ConcurrentHashMap.newKeySet();
        List<Outcome> finishedEvents = Collections.synchronizedList(new ArrayList<>());
        Map<String, Outcome> outcomes = new Scheduler(1, false).run(order, deps, name -> {
            ran.add(name);
            return !name.equals("base");
        }, new Scheduler.Listener() {
            @Override
            public void finished(Outcome outcome, int index, int total) {
                finishedEvents.add(outcome);
            }
        });
        assertEquals(Set.of("base", "other"), ran);
        assertEquals(Status.FAILED, outcomes.get("base").status());
        assertEquals(Status.DONE, outcomes.get("other").status());
        for (String b : List.of("mid", "leaf", "side2")) {
            Outcome o = outcomes.get(b);
            assertEquals(Status.BLOCKED, o.status(), b);
            assertEquals(Optional.of("base"), o.blockedBy(), b);
            assertTrue(o.start().isEmpty() && o.end().isEmpty(), b);
        }
        assertEquals(5, finishedEvents.size(), "one finished event per job, blocked ones included");
    }

    /**
     * {@code failing} and {@code running} start together; {@code running} finishes only after the scheduler has seen
     * the failure. {@code later} and {@code free} (independent) wait for a free slot.
     */
    private Map<String, Outcome> failWhileAnotherRuns(boolean stopOnFirstError, Set<String> ran) throws Exception {
        List<String> order = List.of("failing", "running", "later", "free");
        Map<String, Set<String>> deps = Map.of("later", Set.of("running"));
        CountDownLatch bothStarted = new CountDownLatch(2);
        CountDownLatch failureSeen = new CountDownLatch(1);
        return new Scheduler(2, stopOnFirstError).run(order, deps, name -> {
            ran.add(name);
            switch (name) {
                case "failing" -> {
                    bothStarted.countDown();
                    await(bothStarted, "both first jobs to start");
                    return false;
                }
                case "running" -> {
                    bothStarted.countDown();
                    await(failureSeen, "the scheduler to record the failure");
                    return true;
                }
                default -> {
                    return true;
                }
            }
        }, new Scheduler.Listener() {
            @Override
            public void finished(Outcome outcome, int index, int total) {
                if (outcome.name().equals("failing")) {
                    failureSeen.countDown();
                }
            }
        });
    }

    @Test
    void stopOnFirstErrorStartsNothingNewButLetsRunningJobsFinish() throws Exception {
        Set<String> ran = ConcurrentHashMap.newKeySet();
        Map<String, Outcome> outcomes = failWhileAnotherRuns(true, ran);
        assertEquals(Set.of("failing", "running"), ran);
        assertEquals(Map.of("failing", Status.FAILED, "running", Status.DONE, "later", Status.NOT_STARTED,
                "free", Status.NOT_STARTED), statuses(outcomes));
        assertTrue(outcomes.get("running").end().isPresent(), "the running job's outcome is recorded");
        assertTrue(outcomes.get("later").start().isEmpty());
        assertTrue(outcomes.get("later").blockedBy().isEmpty());
    }

    @Test
    void keepGoingRunsEveryJobNotBlocked() throws Exception {
        Set<String> ran = ConcurrentHashMap.newKeySet();
        Map<String, Outcome> outcomes = failWhileAnotherRuns(false, ran);
        assertEquals(Set.of("failing", "running", "later", "free"), ran);
        assertEquals(Map.of("failing", Status.FAILED, "running", Status.DONE, "later", Status.DONE,
                "free", Status.DONE), statuses(outcomes));
    }

    @Test
    void aJobThrowingCountsAsFailedAndBlocksItsChildren() throws Exception {
        Map<String, Outcome> outcomes = new Scheduler(2, false).run(List.of("boom", "child", "fine"),
                Map.of("child", Set.of("boom")), name -> {
                    if (name.equals("boom")) {
                        throw new IllegalStateException("kaputt");
                    }
                    return true;
                }, QUIET);
        Outcome boom = outcomes.get("boom");
        assertEquals(Status.FAILED, boom.status());
        assertInstanceOf(IllegalStateException.class, boom.error().orElseThrow());
        assertEquals("kaputt", boom.error().get().getMessage());
        assertEquals(Status.BLOCKED, outcomes.get("child").status());
        assertEquals(Optional.of("boom"), outcomes.get("child").blockedBy());
        assertEquals(Status.DONE, outcomes.get("fine").status());
        assertTrue(outcomes.get("fine").error().isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    void aJobThrowingACheckedExceptionFailsInsteadOfHangingTheRun() throws Exception {
        // Java lets a lambda throw an undeclared checked exception (sneaky throws, some libraries do):
        // the run must still end, with the job failed.
        Map<String, Outcome> outcomes = new Scheduler(1, true).run(List.of("sneaky"), Map.of(), name -> {
            sneakyThrow(new java.io.IOException("disk gone"));
            return true;
        }, QUIET);
        assertEquals(Status.FAILED, outcomes.get("sneaky").status());
        assertInstanceOf(java.io.IOException.class, outcomes.get("sneaky").error().orElseThrow());
    }

    @Test
    void listenerSeesEveryStartWithACounter() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        new Scheduler(1, true).run(List.of("a", "b"), Map.of("b", Set.of("a")), name -> true,
                new Scheduler.Listener() {
                    @Override
                    public void started(String name, int index, int total) {
                        events.add("start " + name + " " + index + "/" + total);
                    }

                    @Override
                    public void finished(Outcome o, int index, int total) {
                        events.add(o.status() + " " + o.name() + " " + index + "/" + total);
                    }
                });
        assertEquals(List.of("start a 1/2", "DONE a 1/2", "start b 2/2", "DONE b 2/2"), events);
    }

    @Test
    void anImageKeepsTheCounterOfItsStartWhenItFinishes() throws Exception {
        // c is independent and starts second, though it is third in the order: its lines must both say 2.
        Map<String, List<Integer>> indices = new ConcurrentHashMap<>();
        new Scheduler(2, true).run(List.of("a", "b", "c"), Map.of("b", Set.of("a")), name -> true,
                new Scheduler.Listener() {
                    @Override
                    public void started(String name, int index, int total) {
                        indices.computeIfAbsent(name, k -> Collections.synchronizedList(new ArrayList<>())).add(index);
                    }

                    @Override
                    public void finished(Outcome o, int index, int total) {
                        indices.computeIfAbsent(o.name(), k -> Collections.synchronizedList(new ArrayList<>()))
                                .add(index);
                    }
                });
        assertEquals(List.of(1, 1), indices.get("a"));
        assertEquals(List.of(2, 2), indices.get("c"));
        assertEquals(List.of(3, 3), indices.get("b"));
    }

    @Test
    void emptyRunReturnsNothing() throws Exception {
        assertEquals(Map.of(), new Scheduler(3, true).run(List.of(), Map.of(), name -> true, QUIET));
    }

    @Test
    void interruptingTheCallerInterruptsRunningJobsAndRethrows() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch neverOpened = new CountDownLatch(1);
        AtomicInteger interruptedJobs = new AtomicInteger();
        AtomicInteger jobsEnded = new AtomicInteger();
        Set<String> ran = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicInteger endedWhenRunReturned = new AtomicInteger(-1);
        Thread caller = new Thread(() -> {
            try {
                new Scheduler(2, false).run(List.of("a", "b", "c"), Map.of(), name -> {
                    ran.add(name);
                    bothRunning.countDown();
                    try {
                        neverOpened.await(); // a docker build that takes forever
                        return true;
                    } catch (InterruptedException e) {
                        interruptedJobs.incrementAndGet();
                        throw e;
                    } finally {
                        jobsEnded.incrementAndGet();
                    }
                }, QUIET);
            } catch (Throwable t) {
                endedWhenRunReturned.set(jobsEnded.get());
                thrown.set(t);
            }
        });
        caller.start();
        await(bothRunning, "two jobs to run");
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(WAIT));
        assertFalse(caller.isAlive(), "run did not return after the interrupt");
        assertInstanceOf(InterruptedException.class, thrown.get());
        assertEquals(2, interruptedJobs.get(), "both running jobs were interrupted");
        assertEquals(2, endedWhenRunReturned.get(), "run returned before its jobs ended");
        assertEquals(Set.of("a", "b"), ran, "nothing new started after the interrupt");
    }
}
