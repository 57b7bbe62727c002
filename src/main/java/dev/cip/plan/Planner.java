package dev.cip.plan;

import dev.cip.oci.Platform;
import dev.cip.graph.ImageGraph;
import dev.cip.graph.ImageNode;
import dev.cip.graph.InternalEdge;
import dev.cip.graph.StaleReference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Decides, for each selected image, whether to skip, build or block it (SPEC §5). The decisions are pure given the
 * answers of the image store; the store is asked in parallel, with bounded concurrency, before deciding.
 */
public final class Planner {
    private final ImageStore store;
    private final int concurrency;

    public Planner(ImageStore store, int concurrency) {
        this.store = store;
        this.concurrency = Math.max(1, concurrency);
    }

    /**
     * @param selected     the images to act on, in topological order
     * @param platformsFor the platforms each image is built for (empty: the local platform, not checked)
     * @param fingerprints the content fingerprint of each image, when computed; asked for after the store lookups
     *                     have started, so that hashing overlaps with the registry round trips
     */
    public Plan plan(Goal goal, ImageGraph graph, List<String> selected, Function<String, List<Platform>> platformsFor,
                     java.util.function.Supplier<Map<String, String>> fingerprints) throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<Map<String, String>> computed =
                new java.util.concurrent.atomic.AtomicReference<>();
        Map<String, Optional<StoredImage>> found = lookupAll(graph, selected,
                () -> computed.updateAndGet(m -> m != null ? m : fingerprints.get()));
        Map<String, String> prints = computed.updateAndGet(m -> m != null ? m : fingerprints.get());
        List<String> changedNotBumped = new ArrayList<>();
        Map<String, ImagePlan> decided = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        Set<String> selection = new LinkedHashSet<>(selected);

        for (StaleReference stale : graph.staleReferences()) {
            if (selection.contains(stale.child())) {
                warnings.add(stale.describe());
            }
        }

        for (String name : selected) {
            ImageNode node = graph.node(name);
            List<Platform> platforms = platformsFor.apply(name);
            Optional<String> fingerprint = Optional.ofNullable(prints.get(name));
            Optional<StoredImage> stored = found.get(name);
            Decision decision;
            if (stored.isPresent()) {
                Set<Platform> missing = new java.util.TreeSet<>(platforms);
                missing.removeAll(stored.get().platforms());
                if (!platforms.isEmpty() && !missing.isEmpty()) {
                    decision = new Decision.Build("missing platforms " + Platform.join(missing, ", "));
                } else {
                    decision = new Decision.Skip(platforms.isEmpty()
                            ? "already in " + store.describe()
                            : "already published with all platforms");
                    if (fingerprint.isPresent() && stored.get().fingerprint().isPresent()
                            && !fingerprint.equals(stored.get().fingerprint())) {
                        changedNotBumped.add(name);
                        warnings.add(name + " " + node.version() + ": the context changed since this version was "
                                + "published, but the version was not bumped (" + node.context().infoPath()
                                + "); bump :version to publish the change");
                    }
                }
            } else {
                decision = new Decision.Build("new version " + node.version());
            }
            if (decision instanceof Decision.Build) {
                decision = blockedByParents(graph, node, decided, selection).<Decision>map(Decision.Blocked::new)
                        .orElse(decision);
            }
            decided.put(name, new ImagePlan(name, node.version(), decision, platforms, node.parents(), fingerprint));
        }
        return new Plan(goal, graph.registry(), store.describe(), List.copyOf(decided.values()), warnings,
                changedNotBumped);
    }

    /** Why {@code node} cannot be built, if a parent it needs is neither present nor being built. */
    private Optional<String> blockedByParents(ImageGraph graph, ImageNode node, Map<String, ImagePlan> decided,
                                              Set<String> selection) {
        for (InternalEdge edge : node.internal()) {
            String parent = edge.parent();
            String current = graph.node(parent).version();
            String wanted = edge.expectedVersion().filter(v -> !v.equals(ImageGraph.LATEST)).orElse(current);
            ImagePlan parentPlan = decided.get(parent);
            if (wanted.equals(current) && parentPlan != null) {
                if (parentPlan.decision() instanceof Decision.Blocked) {
                    return Optional.of("parent " + parent + " is blocked");
                }
                continue; // present, or built first in this run
            }
            if (store.find(parent, wanted, false).isPresent()) {
                continue;
            }
            if (wanted.equals(current)) {
                return Optional.of("parent " + parent + " " + wanted + " is not in " + store.describe()
                        + " and not selected (add -Dcip.withAncestors)");
            }
            return Optional.of("needs " + parent + " " + wanted + ", which is neither in " + store.describe()
                    + " nor being built (" + parent + " is at " + current + "; run mvn cip:cascade)");
        }
        return Optional.empty();
    }

    /** Existence of every selected image, asked in parallel; meanwhile {@code alongside} runs on this thread. */
    private Map<String, Optional<StoredImage>> lookupAll(ImageGraph graph, List<String> selected,
                                                         Runnable alongside)
            throws InterruptedException {
        Map<String, Optional<StoredImage>> found = new ConcurrentHashMap<>();
        if (concurrency == 1 || selected.size() < 2) {
            for (String name : selected) {
                found.put(name, store.find(name, graph.node(name).version(), true));
            }
            return found;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, selected.size()), r -> {
            Thread t = new Thread(r, "cip-plan");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String name : selected) {
                String version = graph.node(name).version();
                futures.add(pool.submit(() -> found.put(name, store.find(name, version, true))));
            }
            alongside.run();
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
        }
        return found;
    }
}
