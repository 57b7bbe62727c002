package dev.cip.plan;

import dev.cip.graph.ImageGraph;
import dev.cip.graph.ImageNode;

import java.util.HashMap;
import java.util.Map;

/** The content fingerprint of every image of a graph, as the plan compares it with the published label. */
public final class GraphFingerprints {
    private GraphFingerprints() {
    }

    /**
     * The fingerprint of every image, parents first (a child's includes its parents').
     *
     * @param buildArgs the run's build arguments ({@code REGISTRY} does not count: the same content under another
     *                  registry is the same image)
     */
    public static Map<String, String> of(ImageGraph graph, Map<String, String> buildArgs) {
        Fingerprinter fingerprinter = new Fingerprinter();
        Map<String, String> prints = new HashMap<>();
        for (String name : graph.topologicalOrder()) {
            ImageNode node = graph.node(name);
            Map<String, String> args = graph.buildArgs(name, buildArgs);
            args.remove("REGISTRY");
            Map<String, String> parents = new HashMap<>();
            for (var edge : node.internal()) {
                String current = graph.node(edge.parent()).version();
                String wanted = graph.wantedVersion(edge);
                // A stale reference builds on the published old version, not on the context as it is now.
                parents.put(edge.parent(), wanted.equals(current) ? prints.get(edge.parent()) : "version:" + wanted);
            }
            prints.put(name, fingerprinter.fingerprint(node.context().directory(), args, parents));
        }
        return prints;
    }
}
