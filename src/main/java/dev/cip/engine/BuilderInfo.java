package dev.cip.engine;

import dev.cip.oci.Platform;
import dev.cip.process.ProcessRunner;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The buildx builder a run builds on, as {@code docker buildx inspect} describes it: its driver and, per node, the
 * platforms it builds. Shown in the plan's header so that a multi-node builder's native platforms are visible, and the
 * source of the platform of images built without {@code --platform} (the first node's first platform).
 *
 * @param name   the builder's name
 * @param driver its driver ({@code docker}, {@code docker-container}, {@code kubernetes}, {@code remote})
 * @param nodes  its nodes, in buildx's order
 */
public record BuilderInfo(String name, String driver, List<Node> nodes) {

    public BuilderInfo {
        nodes = List.copyOf(nodes);
    }

    /**
     * One node of a builder.
     *
     * @param platforms what it reported, in its order (empty for a node not started yet)
     */
    public record Node(String name, String status, List<Platform> platforms) {
        public Node {
            platforms = List.copyOf(platforms);
        }
    }

    /** Asks buildx about {@code builder} (the current one when empty). */
    public static BuilderInfo inspect(String docker, Optional<String> builder, Map<String, String> environment)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(docker, "buildx", "inspect"));
        builder.ifPresent(b -> argv.addAll(List.of("--builder", b)));
        try (ProcessRunner runner = new ProcessRunner(environment)) {
            ProcessRunner.Result r = runner.run(ProcessRunner.Request.of(argv).capturing()
                    .timeout(Duration.ofSeconds(60)));
            if (!r.succeeded()) {
                throw new IOException("'" + String.join(" ", argv) + "' exited " + r.exitCode() + ": "
                        + r.tailText());
            }
            return parse(r.stdout());
        }
    }

    /** Reads the text of {@code docker buildx inspect}. */
    public static BuilderInfo parse(String text) {
        String name = "";
        String driver = "";
        List<Node> nodes = new ArrayList<>();
        boolean inNodes = false;
        String nodeName = null;
        String status = "";
        List<Platform> platforms = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith(" ") || !line.contains(":")) {
                continue; // labels, blank lines
            }
            String key = line.substring(0, line.indexOf(':')).strip();
            String value = line.substring(line.indexOf(':') + 1).strip();
            if (key.equals("Nodes")) {
                inNodes = true;
            } else if (!inNodes && key.equals("Name")) {
                name = value;
            } else if (!inNodes && key.equals("Driver")) {
                driver = value;
            } else if (inNodes && key.equals("Name")) {
                if (nodeName != null) {
                    nodes.add(new Node(nodeName, status, platforms));
                }
                nodeName = value;
                status = "";
                platforms = new ArrayList<>();
            } else if (inNodes && key.equals("Status")) {
                status = value;
            } else if (inNodes && key.equals("Platforms")) {
                for (String p : value.split(",")) {
                    String one = p.strip().replace("*", "");
                    try {
                        if (!one.isEmpty()) {
                            platforms.add(Platform.parseAny(one));
                        }
                    } catch (IllegalArgumentException ignored) {
                        // a value buildx may add later; the header shows what could be read
                    }
                }
            }
        }
        if (nodeName != null) {
            nodes.add(new Node(nodeName, status, platforms));
        }
        return new BuilderInfo(name, driver, nodes);
    }

    /** The platform a build without {@code --platform} produces here: the first node's first, when it reported any. */
    public Optional<Platform> defaultPlatform() {
        return nodes.stream().filter(n -> !n.platforms().isEmpty()).findFirst().map(n -> n.platforms().get(0));
    }

    /** One line for the plan's header: the builder, its driver, and each node with its platforms. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Node n : nodes) {
            parts.add(n.name() + " " + (n.platforms().isEmpty() ? "(" + (n.status().isEmpty() ? "no platforms reported"
                    : n.status()) + ")" : Platform.join(n.platforms(), ", ")));
        }
        return "Builder " + name + " (" + driver + "): " + String.join("; ", parts);
    }
}
