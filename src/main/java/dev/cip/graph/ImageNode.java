package dev.cip.graph;

import dev.cip.context.Context;
import dev.cip.dockerfile.ImageReference;
import dev.cip.oci.Platform;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An image of the project with its references.
 *
 * @param context   the context it is built from
 * @param internal  references to other project images
 * @param external  references to images outside the project (recorded, not built)
 */
public record ImageNode(Context context, List<InternalEdge> internal, List<ImageReference> external) {
    public ImageNode {
        internal = List.copyOf(internal);
        external = List.copyOf(external);
    }

    public String name() {
        return context.imageName();
    }

    public String version() {
        return context.version();
    }

    /** Every reference, internal and external, in file order. */
    public List<ImageReference> allReferences() {
        List<ImageReference> all = new ArrayList<>(external);
        internal.forEach(e -> all.add(e.reference()));
        all.sort(Comparator.comparingInt(ImageReference::rawStart));
        return all;
    }

    /** The platforms it is built for: its info.edn {@code :platforms}, else {@code defaults}. */
    public List<Platform> platforms(List<Platform> defaults) {
        return context.info().platforms().orElse(defaults);
    }

    /** The distinct names of its internal parents, sorted. */
    public Set<String> parents() {
        Set<String> parents = new TreeSet<>();
        internal.forEach(e -> parents.add(e.parent()));
        return parents;
    }
}
