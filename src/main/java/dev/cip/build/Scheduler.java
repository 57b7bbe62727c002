package dev.cip.build;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs jobs along a DAG: a job starts as soon as all of its dependencies are done, with at most {@code parallelism}
 * at once (not batch by batch). A failure blocks the failed job's descendants; with {@code stopOnFirstError} no new
 * job starts after a failure while running ones finish, otherwise every job not blocked is still run.
 */
public final class Scheduler {

    /** How a job ended. */
    public enum Status { DONE, FAILED, BLOCKED, NOT_STARTED }

    /** The work for one node; returns whether it succeeded. */
    @FunctionalInterface
    public interface Job {
        boolean run(String name) throws InterruptedException;
    }

    /**
     * State changes, called from the scheduling thread. {@code index} counts images as they start (or are blocked);
     * an image's finished call carries the index of its start, so its console lines share one counter.
     */
    public interface Listener {
        default void started(String name, int index, int total) {
        }

        default void finished(Outcome outcome, int index, int total) {
        }
    }

    /**
     * @param blockedBy the failed job that blocked this one, for {@link Status#BLOCKED}
     * @param error     the exception the job threw, if it threw
     */
    public record Outcome(String name, Status status, Optional<String> blockedBy, Optional<Instant> start,
                          Optional<Instant> end, Optional<Throwable> error) {
        public Optional<Duration> duration() {
            return start.flatMap(s -> end.map(e -> Duration.between(s, e)));
        }
    }

    private record Completion(String name, boolean ok, Instant start, Instant end, Throwable error) {
    }

    private final int parallelism;
    private final boolean stopOnFirstError;

    public Scheduler(int parallelism, boolean stopOnFirstError) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        this.parallelism = parallelism;
        this.stopOnFirstError = stopOnFirstError;
    }

    /**
     * Runs {@code order} (a topological order) where {@code dependencies} maps a job to the jobs it waits for;
     * dependencies outside {@code order} are taken as done.
     *
     * @return the outcome of every job, in {@code order}
     * @throws InterruptedException when interrupted; running jobs are interrupted and awaited first
     */
    public Map<String, Outcome> run(List<String> order, Map<String, Set<String>> dependencies, Job job,
                                    Listener listener) throws InterruptedException {
        Set<String> inRun = new HashSet<>(order);
        Map<String, Set<String>> waitsFor = new HashMap<>();
        Map<String, Set<String>> dependents = new HashMap<>();
        for (String name : order) {
            Set<String> deps = new LinkedHashSet<>(dependencies.getOrDefault(name, Set.of()));
            deps.retainAll(inRun);
            waitsFor.put(name, deps);
            deps.forEach(d -> dependents.computeIfAbsent(d, k -> new LinkedHashSet<>()).add(name));
        }

        Map<String, Outcome> outcomes = new HashMap<>();
        Set<String> pending = new LinkedHashSet<>(order);
        Set<String> running = new HashSet<>();
        LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, order.size())),
                runnable -> {
                    Thread t = new Thread(runnable, "cip-build");
                    t.setDaemon(true);
                    return t;
                });
        int total = order.size();
        int[] counter = {0};
        Map<String, Integer> indices = new HashMap<>(); // an image keeps the counter of its start (or blocking)
        boolean stopping = false;
        try {
            while (true) {
                if (!stopping) {
                    for (var it = pending.iterator(); it.hasNext() && running.size() < parallelism; ) {
                        String name = it.next();
                        boolean ready = waitsFor.get(name).stream()
                                .allMatch(d -> outcomes.containsKey(d) && outcomes.get(d).status() == Status.DONE);
                        if (!ready) {
                            continue;
                        }
                        it.remove();
                        running.add(name);
                        int index = ++counter[0];
                        indices.put(name, index);
                        listener.started(name, index, total);
                        pool.execute(() -> {
                            Instant start = Instant.now();
                            boolean ok = false;
                            Throwable error = null;
                            try {
                                ok = job.run(name);
                            } catch (InterruptedException e) {
                                error = e;
                                Thread.currentThread().interrupt();
                            } catch (Throwable e) { // whatever it throws, the scheduler must hear of its end
                                error = e;
                            }
                            completions.add(new Completion(name, ok, start, Instant.now(), error));
                        });
                    }
                }
                if (running.isEmpty()) {
                    break;
                }
                Completion c = completions.take();
                running.remove(c.name());
                Outcome outcome = new Outcome(c.name(), c.ok() ? Status.DONE : Status.FAILED, Optional.empty(),
                        Optional.of(c.start()), Optional.of(c.end()), Optional.ofNullable(c.error()));
                outcomes.put(c.name(), outcome);
                listener.finished(outcome, indices.get(c.name()), total);
                if (!c.ok()) {
                    for (String blocked : transitive(c.name(), dependents)) {
                        if (pending.remove(blocked)) {
                            Outcome b = new Outcome(blocked, Status.BLOCKED, Optional.of(c.name()), Optional.empty(),
                                    Optional.empty(), Optional.empty());
                            outcomes.put(blocked, b);
                            listener.finished(b, ++counter[0], total);
                        }
                    }
                    stopping |= stopOnFirstError;
                }
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            throw e;
        } finally {
            pool.shutdown();
        }
        for (String name : pending) {
            outcomes.put(name, new Outcome(name, Status.NOT_STARTED, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty()));
        }
        Map<String, Outcome> ordered = new LinkedHashMap<>();
        order.forEach(n -> ordered.put(n, outcomes.get(n)));
        return Collections.unmodifiableMap(ordered);
    }

    private static Set<String> transitive(String start, Map<String, Set<String>> dependents) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(dependents.getOrDefault(start, Set.of()));
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (seen.add(n)) {
                todo.addAll(dependents.getOrDefault(n, Set.of()));
            }
        }
        return seen;
    }
}
