package dev.cip.plan;

import dev.cip.graph.ImageGraph;
import dev.cip.graph.ImageNode;
import dev.cip.graph.InternalEdge;
import dev.cip.graph.StaleReference;
import dev.cip.oci.Platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Decides, for each selected image, whether to skip, build or block it (SPEC §5). {@link #decide} is a pure function
 * of the graph, the selection, the platforms and the {@link Observations}; {@link #plan} first gathers those with a
 * {@link Survey}, then decides.
 */
public final class Planner {
    private final ImageStore store;
    private final int concurrency;

    public Planner(ImageStore store, int concurrency) {
        this.store = store;
        this.concurrency = concurrency;
    }

    /**
     * Observes ({@link Survey}), then {@link #decide}s.
     *
     * @param fingerprints the content fingerprint of each image, when computed; computed while the store lookups run
     */
    public Plan plan(Goal goal, ImageGraph graph, List<String> selected, Function<String, List<Platform>> platformsFor,
                     Supplier<Map<String, String>> fingerprints) throws InterruptedException {
        Observations seen = new Survey(store, concurrency).observe(graph, selected, fingerprints);
        return decide(goal, graph, selected, platformsFor, seen);
    }

    /**
     * @param selected     the images to act on, in topological order
     * @param platformsFor the platforms each image is built for (empty: the local platform, not checked)
     * @param seen         what the store holds at every tag this asks about, and the fingerprints
     */
    public static Plan decide(Goal goal, ImageGraph graph, List<String> selected,
                              Function<String, List<Platform>> platformsFor, Observations seen) {
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
            Optional<String> fingerprint = seen.fingerprint(name);
            Optional<StoredImage> stored = seen.at(name, node.version());
            Decision decision;
            if (stored.isPresent()) {
                Set<Platform> missing = new TreeSet<>(platforms);
                missing.removeAll(stored.get().platforms());
                if (!platforms.isEmpty() && !missing.isEmpty()) {
                    decision = new Decision.Build("missing platforms " + Platform.join(missing, ", "));
                } else {
                    decision = new Decision.Skip(platforms.isEmpty()
                            ? "already in " + seen.store()
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
                decision = blockedByParents(graph, node, decided, seen).<Decision>map(Decision.Blocked::new)
                        .orElse(decision);
            }
            decided.put(name, new ImagePlan(name, node.version(), decision, platforms, node.parents(), fingerprint,
                    stored.flatMap(StoredImage::digest)));
        }
        return new Plan(goal, graph.registry(), seen.store(), List.copyOf(decided.values()), warnings,
                changedNotBumped);
    }

    /** Why {@code node} cannot be built, if a parent it needs is neither present nor being built. */
    private static Optional<String> blockedByParents(ImageGraph graph, ImageNode node, Map<String, ImagePlan> decided,
                                                     Observations seen) {
        for (InternalEdge edge : node.internal()) {
            String parent = edge.parent();
            String current = graph.node(parent).version();
            String wanted = graph.wantedVersion(edge);
            ImagePlan parentPlan = decided.get(parent);
            if (wanted.equals(current) && parentPlan != null) {
                if (parentPlan.decision() instanceof Decision.Blocked) {
                    return Optional.of("parent " + parent + " is blocked");
                }
                continue; // present, or built first in this run
            }
            if (seen.at(parent, wanted).isPresent()) {
                continue;
            }
            if (wanted.equals(current)) {
                return Optional.of("parent " + parent + " " + wanted + " is not in " + seen.store()
                        + " and not selected (add -Dcip.withAncestors)");
            }
            return Optional.of("needs " + parent + " " + wanted + ", which is neither in " + seen.store()
                    + " nor being built (" + parent + " is at " + current + "; run mvn cip:cascade)");
        }
        return Optional.empty();
    }
}
