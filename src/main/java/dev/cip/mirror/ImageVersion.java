package dev.cip.mirror;

import dev.cip.graph.ImageGraph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A project image at its version (both already validated by the project scanner).
 *
 * @param name      the image name (repository path component)
 * @param version   the tag
 * @param ancestors the project images it builds on, nearest first (where a copy looks for blobs to mount)
 */
public record ImageVersion(String name, String version, List<String> ancestors) {
    public ImageVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        ancestors = List.copyOf(ancestors);
    }

    public ImageVersion(String name, String version) {
        this(name, version, List.of());
    }

    /**
     * The images of {@code graph} a run selects ({@link ImageGraph#select}), parents first, each with its ancestors
     * nearest first.
     *
     * @throws IllegalArgumentException for an image name the project does not have
     */
    public static List<ImageVersion> select(ImageGraph graph, List<String> names,
                                                      boolean withAncestors, boolean withDescendants) {
        return graph.select(names, withAncestors, withDescendants).stream()
                .map(n -> new ImageVersion(n, graph.node(n).version(), nearestFirst(graph, n))).toList();
    }

    /** The ancestors of {@code name}, nearest first (reverse topological order). */
    private static List<String> nearestFirst(ImageGraph graph, String name) {
        Set<String> ancestors = graph.ancestors(name);
        List<String> order = new ArrayList<>(graph.topologicalOrder().stream()
                .filter(ancestors::contains).toList());
        Collections.reverse(order);
        return List.copyOf(order);
    }

    @Override
    public String toString() {
        return name + ":" + version;
    }
}
