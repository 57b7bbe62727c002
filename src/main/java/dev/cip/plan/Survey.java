package dev.cip.plan;

import dev.cip.graph.ImageGraph;
import dev.cip.graph.InternalEdge;
import dev.cip.oci.Platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The observing half of planning: asks the image store, in parallel and with bounded concurrency, about every tag the
 * plan needs (each selected image at its version, with details; each parent version a selected image needs and the
 * run does not build, existence only), while the fingerprints are computed on the calling thread. Every thread it
 * starts has ended when {@link #observe} returns.
 */
public final class Survey {
    private final ImageStore store;
    private final int concurrency;

    public Survey(ImageStore store, int concurrency) {
        this.store = store;
        this.concurrency = Math.max(1, concurrency);
    }

    /**
     * @param selected     the images to plan, in topological order
     * @param fingerprints computes the fingerprints; runs while the lookups are under way
     */
    public Observations observe(ImageGraph graph, List<String> selected, Supplier<Map<String, String>> fingerprints)
            throws InterruptedException {
        Map<Observations.Tag, Boolean> wanted = new LinkedHashMap<>(); // tag -> with details
        for (String name : selected) {
            wanted.put(new Observations.Tag(name, graph.node(name).version()), true);
        }
        Set<String> selection = Set.copyOf(selected);
        for (String name : selected) {
            for (InternalEdge edge : graph.node(name).internal()) {
                String version = graph.wantedVersion(edge);
                boolean builtHere = selection.contains(edge.parent())
                        && version.equals(graph.node(edge.parent()).version());
                if (!builtHere) {
                    wanted.putIfAbsent(new Observations.Tag(edge.parent(), version), false);
                }
            }
        }
        Map<Observations.Tag, Optional<StoredImage>> found = new ConcurrentHashMap<>();
        List<Runnable> lookups = new ArrayList<>();
        wanted.forEach((tag, details) -> lookups.add(
                () -> found.put(tag, store.find(tag.name(), tag.tag(), details))));
        Map<String, String> prints = runAll(lookups, fingerprints);
        // What is not in the store may be staged by earlier runs: ask only about those.
        Map<Observations.Tag, Map<String, List<Platform>>> staged = new ConcurrentHashMap<>();
        List<Runnable> stagings = new ArrayList<>();
        wanted.keySet().stream().filter(tag -> found.get(tag).isEmpty()).forEach(tag -> stagings.add(() -> {
            Map<String, List<Platform>> s = store.staged(tag.name(), tag.tag());
            if (!s.isEmpty()) {
                staged.put(tag, s);
            }
        }));
        runAll(stagings, Map::of);
        return new Observations(store.describe(), found, prints, staged);
    }

    /** Runs the tasks on at most {@code concurrency} threads while {@code alongside} runs on this one. */
    private <T> T runAll(List<Runnable> tasks, Supplier<T> alongside) throws InterruptedException {
        if (concurrency == 1 || tasks.size() < 2) {
            tasks.forEach(Runnable::run);
            return alongside.get();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, tasks.size()), r -> {
            Thread t = new Thread(r, "cip-plan");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            tasks.forEach(task -> futures.add(pool.submit(task)));
            T result = alongside.get();
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
            return result;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        }
    }
}
