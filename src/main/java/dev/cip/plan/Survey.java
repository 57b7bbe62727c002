package dev.cip.plan;

import dev.cip.graph.ImageGraph;
import dev.cip.graph.InternalEdge;

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
        Map<String, String> prints;
        if (concurrency == 1 || wanted.size() < 2) {
            wanted.forEach((tag, details) -> found.put(tag, store.find(tag.name(), tag.tag(), details)));
            prints = fingerprints.get();
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, wanted.size()), r -> {
                Thread t = new Thread(r, "cip-plan");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                wanted.forEach((tag, details) -> futures.add(pool.submit(
                        () -> found.put(tag, store.find(tag.name(), tag.tag(), details)))));
                prints = fingerprints.get();
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
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            }
        }
        return new Observations(store.describe(), found, prints);
    }
}
