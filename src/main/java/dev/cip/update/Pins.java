package dev.cip.update;

import dev.cip.dockerfile.ImageReference;
import dev.cip.graph.ImageGraph;
import dev.cip.graph.ImageNode;
import dev.cip.oci.ImageRef;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The external references of a project, the ones upstream is asked about. */
public final class Pins {
    private Pins() {
    }

    /**
     * Every external reference of every image, in topological order then file order; references that still hold a
     * variable without value cannot be asked about and are left out.
     */
    public static List<ExternalPin> of(ImageGraph graph) {
        List<ExternalPin> pins = new ArrayList<>();
        for (String name : graph.topologicalOrder()) {
            ImageNode node = graph.node(name);
            for (ImageReference ref : node.external()) {
                if (!ref.unresolved().isEmpty()) {
                    continue;
                }
                ImageRef parsed = ImageRef.parse(ref.resolved());
                pins.add(new ExternalPin(name, node.context().dockerfilePath(), ref,
                        new ImageRef(parsed.repository(), parsed.tag(), Optional.empty()), parsed.digest()));
            }
        }
        return List.copyOf(pins);
    }

    /** The distinct references to resolve upstream. */
    public static Set<ImageRef> upstreams(List<ExternalPin> pins) {
        Set<ImageRef> refs = new LinkedHashSet<>();
        pins.forEach(p -> refs.add(p.upstream()));
        return refs;
    }
}
