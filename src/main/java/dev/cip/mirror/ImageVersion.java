package dev.cip.mirror;

import dev.cip.graph.ImageGraph;

import java.util.Objects;

/**
 * A project image at its version (both already validated by the project scanner).
 *
 * @param name      the image name (repository path component)
 * @param version   the tag
 * @param ancestors the project images it builds on, nearest first (where a copy looks for blobs to mount)
 */
public record ImageVersion(String name, String version, java.util.List<String> ancestors) {
    public ImageVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        ancestors = java.util.List.copyOf(ancestors);
    }

    public ImageVersion(String name, String version) {
        this(name, version, java.util.List.of());
    }

    /**
     * The images of {@code graph} a run selects ({@link ImageGraph#select}), parents first, each with its ancestors
     * nearest first.
     *
     * @throws IllegalArgumentException for an image name the project does not have
     */
    public static java.util.List<ImageVersion> select(ImageGraph graph, java.util.List<String> names,
                                                      boolean withAncestors, boolean withDescendants) {
        return graph.select(names, withAncestors, withDescendants).stream()
                .map(n -> new ImageVersion(n, graph.node(n).version(), nearestFirst(graph, n))).toList();
    }

    /** The ancestors of {@code name}, nearest first (reverse topological order). */
    private static java.util.List<String> nearestFirst(ImageGraph graph, String name) {
        java.util.Set<String> ancestors = graph.ancestors(name);
        java.util.List<String> order = new java.util.ArrayList<>(graph.topologicalOrder().stream()
                .filter(ancestors::contains).toList());
        java.util.Collections.reverse(order);
        return java.util.List.copyOf(order);
    }

    @Override
    public String toString() {
        return name + ":" + version;
    }
}
