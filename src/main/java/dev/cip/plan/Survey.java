package dev.cip.plan;

import dev.cip.concurrent.Parallel;
import dev.cip.graph.ImageGraph;
import dev.cip.graph.InternalEdge;
import dev.cip.oci.Platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
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
        AtomicReference<Map<String, String>> prints = new AtomicReference<>(Map.of());
        Parallel.forEach("cip-plan", concurrency, wanted.entrySet(),
                e -> found.put(e.getKey(), store.find(e.getKey().name(), e.getKey().tag(), e.getValue())),
                () -> prints.set(fingerprints.get()));
        // What is not in the store may be staged by earlier runs: ask only about those. For a selected image, what is
        // staged is read with its fingerprints: staged content that is not the tree's is built again, not released.
        Map<Observations.Tag, Map<String, List<Platform>>> staged = new ConcurrentHashMap<>();
        Map<Observations.Tag, List<StagedPlatform>> content = new ConcurrentHashMap<>();
        List<Observations.Tag> absent = wanted.keySet().stream().filter(tag -> found.get(tag).isEmpty()).toList();
        Parallel.forEach("cip-plan", concurrency, absent, tag -> {
            Map<String, List<Platform>> s = store.staged(tag.name(), tag.tag());
            if (!s.isEmpty()) {
                staged.put(tag, s);
                if (wanted.get(tag)) {
                    content.put(tag, store.stagedContent(tag.name(), tag.tag()));
                }
            }
        }, () -> { });
        return new Observations(store.describe(), found, prints.get(), staged, content);
    }
}
