package dev.cip.release;

import dev.cip.graph.ImageGraph;
import dev.cip.graph.ImageNode;
import dev.cip.graph.InternalEdge;
import dev.cip.oci.Platform;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** The images of a graph as the release sees them: version, wanted platforms, the parent versions they build on. */
public final class ReleaseImages {
    private ReleaseImages() {
    }

    /**
     * @param selected     the image names to release, in any order
     * @param platformsFor the platforms each must hold; empty: whatever is staged (local-platform goals)
     */
    public static List<ReleaseImage> of(ImageGraph graph, List<String> selected,
                                        Function<String, List<Platform>> platformsFor) {
        return of(graph, selected, platformsFor, Map.of());
    }

    /**
     * The images to release at the end of a pushing run.
     *
     * @param notBuilt the images the run failed to build, or blocked, with why (they are listed, never released)
     */
    public static List<ReleaseImage> of(ImageGraph graph, List<String> selected,
                                        Function<String, List<Platform>> platformsFor,
                                        Map<String, ReleaseImage.NotBuilt> notBuilt) {
        return of(graph, selected, platformsFor, notBuilt, List.of());
    }

    /**
     * The images to release, each with its extra tags: its info.edn {@code :tags}, then {@code runTags}.
     *
     * @param notBuilt the images the run failed to build, or blocked, with why (they are listed, never released)
     * @param runTags  tags every image is released under too (already checked as extra tags)
     */
    public static List<ReleaseImage> of(ImageGraph graph, List<String> selected,
                                        Function<String, List<Platform>> platformsFor,
                                        Map<String, ReleaseImage.NotBuilt> notBuilt, List<String> runTags) {
        return selected.stream().map(name -> {
            ImageNode node = graph.node(name);
            return new ReleaseImage(name, node.version(), platformsFor.apply(name).stream().map(Platform::toString)
                    .toList(), parents(graph, node), node.context().info().extraTags(runTags),
                    java.util.Optional.ofNullable(notBuilt.get(name)));
        }).toList();
    }

    /** Each internal parent with the version the image asks for (its current version for {@code latest}). */
    static Map<String, String> parents(ImageGraph graph, ImageNode node) {
        Map<String, String> parents = new LinkedHashMap<>();
        for (InternalEdge edge : node.internal()) {
            parents.putIfAbsent(edge.parent(), graph.wantedVersion(edge));
        }
        return parents;
    }

    /** The images with every parent in the list before its children; otherwise the given order. */
    static List<ReleaseImage> parentsFirst(List<ReleaseImage> images) {
        Map<String, ReleaseImage> byName = new LinkedHashMap<>();
        for (ReleaseImage i : images) {
            if (byName.put(i.name(), i) != null) {
                throw new IllegalArgumentException("image " + i.name() + " is given twice");
            }
        }
        List<ReleaseImage> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> visiting = new HashSet<>();
        for (ReleaseImage i : images) {
            visit(i, byName, done, visiting, out);
        }
        return out;
    }

    private static void visit(ReleaseImage i, Map<String, ReleaseImage> byName, Set<String> done,
                              Set<String> visiting, List<ReleaseImage> out) {
        if (done.contains(i.name())) {
            return;
        }
        if (!visiting.add(i.name())) {
            throw new IllegalArgumentException("images " + visiting + " are their own ancestors");
        }
        for (String p : new TreeSet<>(i.parents().keySet())) {
            ReleaseImage parent = byName.get(p);
            if (parent != null) {
                visit(parent, byName, done, visiting, out);
            }
        }
        visiting.remove(i.name());
        done.add(i.name());
        out.add(i);
    }
}
