package dev.cip.report;

import dev.cip.graph.ImageGraph;
import dev.cip.graph.ImageNode;
import dev.cip.plan.Plan;

import java.util.Locale;
import java.util.Optional;

/** The image graph as Graphviz DOT and as Mermaid, nodes labelled with version and (when known) decision. */
public final class GraphRenderer {
    private GraphRenderer() {
    }

    public static String dot(ImageGraph graph, Optional<Plan> plan) {
        StringBuilder sb = new StringBuilder("digraph images {\n  rankdir=LR;\n  node [shape=box];\n");
        for (String name : graph.topologicalOrder()) {
            ImageNode n = graph.node(name);
            sb.append("  \"").append(name).append("\" [label=\"").append(name).append("\\n").append(n.version())
                    .append(decision(plan, name).map(d -> "\\n" + d).orElse("")).append("\"];\n");
        }
        for (String name : graph.topologicalOrder()) {
            for (String parent : graph.parents(name)) {
                sb.append("  \"").append(parent).append("\" -> \"").append(name).append("\";\n");
            }
        }
        return sb.append("}\n").toString();
    }

    public static String mermaid(ImageGraph graph, Optional<Plan> plan) {
        StringBuilder sb = new StringBuilder("graph LR\n");
        for (String name : graph.topologicalOrder()) {
            ImageNode n = graph.node(name);
            sb.append("  ").append(id(name)).append("[\"").append(name).append(" ").append(n.version())
                    .append(decision(plan, name).map(d -> " (" + d + ")").orElse("")).append("\"]\n");
        }
        for (String name : graph.topologicalOrder()) {
            for (String parent : graph.parents(name)) {
                sb.append("  ").append(id(parent)).append(" --> ").append(id(name)).append('\n');
            }
        }
        return sb.toString();
    }

    private static Optional<String> decision(Optional<Plan> plan, String name) {
        return plan.flatMap(p -> p.image(name)).map(i -> i.decision().label());
    }

    /**
     * Mermaid ids may not contain '.' or '-'. The escape is one-to-one ('_' doubled, '-' as "_h", '.' as "_d"), so
     * that names such as {@code a-b}, {@code a.b} and {@code a_b} keep distinct nodes.
     */
    static String id(String name) {
        StringBuilder sb = new StringBuilder("img_");
        for (char c : name.toCharArray()) {
            if (c < 128 && Character.isLetterOrDigit(c)) {
                sb.append(c);
            } else if (c == '_') {
                sb.append("__");
            } else if (c == '-') {
                sb.append("_h");
            } else if (c == '.') {
                sb.append("_d");
            } else {
                sb.append(String.format(Locale.ROOT, "_u%04x", (int) c));
            }
        }
        return sb.toString();
    }
}
