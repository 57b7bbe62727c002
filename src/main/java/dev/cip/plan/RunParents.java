package dev.cip.plan;

import dev.cip.graph.ImageGraph;
import dev.cip.graph.ImageNode;
import dev.cip.graph.InternalEdge;
import dev.cip.oci.Platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How each image a plan builds reaches its internal parents: an edge to a parent built in the same run at the version
 * the edge wants is built with it (the engine's {@code target:} context); any other is built on by digest, a
 * {@link Pin} the run must resolve before the bake definition is written.
 *
 * @param inRun each image to build with its edges to parents built in the same run, in the plan's order
 * @param pins  every edge of an image to build that is built on by digest
 */
public record RunParents(Map<String, List<InternalEdge>> inRun, List<Pin> pins) {
    public RunParents {
        Map<String, List<InternalEdge>> copy = new LinkedHashMap<>();
        inRun.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        inRun = Collections.unmodifiableMap(copy);
        pins = List.copyOf(pins);
    }

    /**
     * An edge built on by digest: {@code parent:tag}, or {@code parent:wanted} when no digest is found at {@code tag}
     * (an edge naming {@code latest} wants the parent's current version), holding every platform of {@code platforms}
     * (empty: the local platform).
     *
     * @param child the image built on it
     */
    public record Pin(String child, InternalEdge edge, String tag, String wanted, List<Platform> platforms) {
        public Pin {
            platforms = List.copyOf(platforms);
        }

        public String parent() {
            return edge.parent();
        }
    }

    /** The in-run edges and pins of every image {@code plan} builds. */
    public static RunParents of(Plan plan, ImageGraph graph) {
        Set<String> building = plan.toBuild().stream().map(ImagePlan::name).collect(Collectors.toSet());
        Map<String, List<InternalEdge>> inRun = new LinkedHashMap<>();
        List<Pin> pins = new ArrayList<>();
        for (ImagePlan image : plan.toBuild()) {
            ImageNode node = graph.node(image.name());
            List<InternalEdge> edges = new ArrayList<>();
            for (InternalEdge edge : node.internal()) {
                String current = graph.node(edge.parent()).version();
                String wanted = graph.wantedVersion(edge);
                if (wanted.equals(current) && building.contains(edge.parent())) {
                    edges.add(edge);
                } else {
                    pins.add(new Pin(image.name(), edge, edge.expectedVersion().orElse(current), wanted,
                            image.platforms()));
                }
            }
            inRun.put(image.name(), edges);
        }
        return new RunParents(inRun, pins);
    }

    /** Whether {@code edge} of {@code child} is built with the parent in the same run. */
    public boolean inRun(String child, InternalEdge edge) {
        return inRun.getOrDefault(child, List.of()).contains(edge);
    }

    /** The pin of {@code edge} of {@code child}, when it is built on by digest. */
    public Optional<Pin> pin(String child, InternalEdge edge) {
        return pins.stream().filter(p -> p.child().equals(child) && p.edge().equals(edge)).findFirst();
    }
}
