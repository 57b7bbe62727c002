package dev.cip.release;

import dev.cip.graph.ImageGraph;
import dev.cip.graph.ImageNode;
import dev.cip.graph.InternalEdge;
import dev.cip.oci.Platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            String current = graph.node(edge.parent()).version();
            parents.putIfAbsent(edge.parent(), edge.expectedVersion().filter(v -> !v.equals(ImageGraph.LATEST))
                    .orElse(current));
        }
        return parents;
    }
}
