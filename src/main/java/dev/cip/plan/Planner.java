package dev.cip.plan;

import dev.cip.graph.ImageGraph;
import dev.cip.graph.ImageNode;
import dev.cip.graph.InternalEdge;
import dev.cip.graph.StaleReference;
import dev.cip.oci.Names;
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
 * Decides, for each selected image, whether to skip, build or block it. {@link #decide} is a pure function
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
        return plan(goal, graph, selected, platformsFor, fingerprints, Set.of());
    }

    /**
     * As {@link #plan(Goal, ImageGraph, List, Function, Supplier)}, for a staging run when {@code stage} is not
     * empty (see {@link #decide(Goal, ImageGraph, List, Function, Observations, Set)}).
     */
    public Plan plan(Goal goal, ImageGraph graph, List<String> selected, Function<String, List<Platform>> platformsFor,
                     Supplier<Map<String, String>> fingerprints, Set<Platform> stage) throws InterruptedException {
        Observations seen = new Survey(store, concurrency).observe(graph, selected, fingerprints);
        return decide(goal, graph, selected, platformsFor, seen, stage);
    }

    /** {@link #decide(Goal, ImageGraph, List, Function, Observations, Set)} for a run that is not a staging run. */
    public static Plan decide(Goal goal, ImageGraph graph, List<String> selected,
                              Function<String, List<Platform>> platformsFor, Observations seen) {
        return decide(goal, graph, selected, platformsFor, seen, Set.of());
    }

    /**
     * @param selected     the images to act on, in topological order
     * @param platformsFor the platforms each image is built for (empty: the local platform, not checked)
     * @param seen         what the store holds at every tag this asks about, what is staged, and the fingerprints
     * @param stage        the platforms of a staging run (one shard): each image is built for the platforms it wants
     *                     among these, unless they are published or staged already; an image wanting none of them is
     *                     left out. Empty: not a staging run, where an image staged with every platform it wants is
     *                     {@code RELEASE}d rather than built
     */
    public static Plan decide(Goal goal, ImageGraph graph, List<String> selected,
                              Function<String, List<Platform>> platformsFor, Observations seen, Set<Platform> stage) {
        return decide(goal, graph, selected, platformsFor, seen, stage, Advice.PLAIN);
    }

    /**
     * As {@link #decide(Goal, ImageGraph, List, Function, Observations, Set)}, with what to tell the user in the
     * words of the tool they run.
     */
    public static Plan decide(Goal goal, ImageGraph graph, List<String> selected,
                              Function<String, List<Platform>> platformsFor, Observations seen, Set<Platform> stage,
                              Advice advice) {
        List<String> changedNotBumped = new ArrayList<>();
        Map<String, String> changedBecause = new LinkedHashMap<>();
        Map<String, ImagePlan> decided = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        Set<String> selection = new LinkedHashSet<>(selected);

        warnings.addAll(graph.unbuildableFromReferences(selected));
        warnings.addAll(graph.projectImagesWithoutRegistry(selected));
        for (StaleReference stale : graph.staleReferences()) {
            if (selection.contains(stale.child())) {
                warnings.add(stale.describe(advice.cascade()));
            }
        }

        for (String name : selected) {
            ImageNode node = graph.node(name);
            List<Platform> platforms = platformsFor.apply(name);
            Optional<String> fingerprint = seen.fingerprint(name);
            Optional<StoredImage> stored = seen.at(name, node.version());
            Set<Platform> staged = seen.stagedPlatforms(name, node.version());
            Decision decision;
            List<StagedPlatform> content = seen.stagedContentAt(name, node.version());
            if (!stage.isEmpty()) {
                List<Platform> shard = platforms.stream().filter(stage::contains).toList();
                decision = shardDecision(platforms, shard, stored, staged, stage,
                        otherContent(content, shard, fingerprint), fingerprint);
                List<Platform> others = platforms.stream().filter(p -> !stage.contains(p)).toList();
                List<StagedPlatform> elsewhere = others.isEmpty() ? List.of()
                        : otherContent(content, others, fingerprint);
                if (!elsewhere.isEmpty()) {
                    String what = describe(elsewhere) + ", this tree's is " + fingerprint.map(Names::shortDigest)
                            .orElse("");
                    if (decision instanceof Decision.Build) {
                        decision = new Decision.Build(decision.reason() + "; other platforms staged from other "
                                + "content: " + what);
                    }
                    warnings.add(name + " " + node.version() + ": " + what + "; stage those platforms again from "
                            + "this tree, or the release refuses to mix them");
                }
                if (!shard.isEmpty()) {
                    platforms = shard;
                }
            } else if (stored.isEmpty() && !staged.isEmpty()
                    && (platforms.isEmpty() || staged.containsAll(platforms))) {
                List<StagedPlatform> other = otherContent(content, platforms, fingerprint);
                decision = other.isEmpty()
                        ? new Decision.Release("staged with " + Platform.join(platforms.isEmpty() ? staged
                        : platforms, ", ") + " by an earlier run; only tagging")
                        : new Decision.Build("staged from other content: " + describe(other) + ", the tree's is "
                        + fingerprint.map(Names::shortDigest).orElse("") + "; built and staged again");
            } else if (stored.isPresent()) {
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
                        changedBecause(graph, node, changedBecause).ifPresent(root -> {
                            changedNotBumped.add(name);
                            changedBecause.put(name, root);
                            warnings.add(root.equals(name)
                                    ? name + " " + node.version() + ": the context changed since this version was "
                                    + "published, but the version was not bumped (" + node.context().infoPath()
                                    + "); " + advice.update(name)
                                    : name + " " + node.version() + ": parent " + root + " changed since this version"
                                    + " was published, and " + name + " with it; the version was not bumped ("
                                    + node.context().infoPath() + "); the " + root + " warning says what to do");
                        });
                    }
                }
            } else {
                decision = new Decision.Build("new version " + node.version() + (staged.isEmpty() ? ""
                        : " (staged only with " + Platform.join(staged, ", ") + ")"));
            }
            if (decision instanceof Decision.Build) {
                decision = blockedByParents(graph, node, decided, advice, seen).<Decision>map(Decision.Blocked::new)
                        .orElse(decision);
            }
            decided.put(name, new ImagePlan(name, node.version(), decision, platforms, node.parents(), fingerprint,
                    stored.flatMap(StoredImage::digest)));
        }
        return new Plan(goal, graph.registry(), seen.store(), List.copyOf(decided.values()), warnings,
                changedNotBumped, changedBecause);
    }

    /**
     * Why the fingerprint of {@code node}, published at its version, differs from its context's: the image whose own
     * content changed (the node itself, or the changed ancestor it inherits the change from: a parent already found
     * changed in this plan), or empty when the difference is only that a parent was bumped and this image still
     * builds on the parent's published older version (a stale reference, warned about on its own: the image itself
     * is what was published). Parents are decided before their children.
     */
    private static Optional<String> changedBecause(ImageGraph graph, ImageNode node,
                                                   Map<String, String> changedBecause) {
        for (InternalEdge edge : node.internal()) {
            String parent = edge.parent();
            if (!graph.wantedVersion(edge).equals(graph.node(parent).version())) {
                return Optional.empty();
            }
        }
        for (InternalEdge edge : node.internal()) {
            String root = changedBecause.get(edge.parent());
            if (root != null) {
                return Optional.of(root);
            }
        }
        return Optional.of(node.name());
    }

    /**
     * The staged platform manifests of {@code platforms} (every staged one when empty) that carry another
     * fingerprint than {@code fingerprint}, or none; nothing when the fingerprint is not known.
     */
    private static List<StagedPlatform> otherContent(List<StagedPlatform> content, List<Platform> platforms,
                                                     Optional<String> fingerprint) {
        if (fingerprint.isEmpty()) {
            return List.of();
        }
        return content.stream().filter(s -> platforms.isEmpty() || platforms.contains(s.platform()))
                .filter(s -> !s.fingerprint().equals(fingerprint)).toList();
    }

    private static String describe(List<StagedPlatform> staged) {
        return String.join(", ", staged.stream().map(StagedPlatform::describe).toList());
    }

    /**
     * A shard's decision: build the platforms of {@code shard} unless they are published or staged already from
     * this content ({@code stale}: those staged from other content).
     */
    private static Decision shardDecision(List<Platform> platforms, List<Platform> shard,
                                          Optional<StoredImage> stored, Set<Platform> staged, Set<Platform> stage,
                                          List<StagedPlatform> stale, Optional<String> fingerprint) {
        if (shard.isEmpty()) {
            return new Decision.Skip("wants " + Platform.join(platforms, ", ") + ", none of "
                    + Platform.join(stage, ", ") + "; left out of this run");
        }
        if (stored.isPresent() && stored.get().platforms().containsAll(shard)) {
            return new Decision.Skip("already published with " + Platform.join(shard, ", "));
        }
        if (staged.containsAll(shard) && stale.isEmpty()) {
            return new Decision.Skip("already staged with " + Platform.join(shard, ", "));
        }
        if (!stale.isEmpty()) {
            return new Decision.Build("stage " + Platform.join(shard, ", ") + " again: staged from other content: "
                    + describe(stale) + ", the tree's is " + fingerprint.map(Names::shortDigest).orElse(""));
        }
        return new Decision.Build("stage " + Platform.join(shard, ", "));
    }

    /** Why {@code node} cannot be built, if a parent it needs is neither present nor being built. */
    private static Optional<String> blockedByParents(ImageGraph graph, ImageNode node, Map<String, ImagePlan> decided,
                                                     Advice advice,
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
            if (seen.at(parent, wanted).isPresent() || !seen.stagedAt(parent, wanted).isEmpty()) {
                continue; // published, or staged by an earlier run (built on by its staged digest)
            }
            if (wanted.equals(current)) {
                return Optional.of("parent " + parent + " " + wanted + " is not in " + seen.store()
                        + " and not selected (" + advice.selectAncestors() + ")");
            }
            return Optional.of("needs " + parent + " " + wanted + ", which is neither in " + seen.store()
                    + " nor being built (" + parent + " is at " + current + "; " + advice.cascade() + ")");
        }
        return Optional.empty();
    }
}
