package dev.cip.maven;

import dev.cip.report.Console;
import dev.cip.context.Project;
import dev.cip.graph.ImageGraph;
import dev.cip.mirror.ImageVersion;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import java.util.List;
import java.util.Map;

/** Goals that act on finished images (copy, pull) rather than build them: the image selection and the log. */
public abstract class AbstractImageSetMojo extends AbstractRegistryMojo {

    /** Image names to act on (comma-separated); all when empty. */
    @Parameter(property = "cip.images")
    protected List<String> images;

    /** Add the ancestors of {@code cip.images}. */
    @Parameter(property = "cip.withAncestors", defaultValue = "false")
    protected boolean withAncestors;

    /** Add the descendants of {@code cip.images}. */
    @Parameter(property = "cip.withDescendants", defaultValue = "false")
    protected boolean withDescendants;

    protected AbstractImageSetMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    /**
     * The selected project images at their versions, parents first, from the graph as seen against
     * {@code registry}.
     */
    protected List<ImageVersion> selectImages(String registry) throws MojoFailureException {
        Project project = scanProject();
        logWarnings(project);
        ImageGraph graph = ImageGraph.of(project, registry, buildArgMap());
        List<String> names = images == null ? List.of()
                : images.stream().filter(n -> n != null && !n.isBlank()).map(String::strip).toList();
        try {
            return graph.select(names, withAncestors, withDescendants).stream()
                    .map(n -> new ImageVersion(n, graph.node(n).version(), nearestFirst(graph, n))).toList();
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    /** The ancestors of {@code name}, nearest first (reverse topological order). */
    private static List<String> nearestFirst(ImageGraph graph, String name) {
        java.util.Set<String> ancestors = graph.ancestors(name);
        List<String> order = new java.util.ArrayList<>(graph.topologicalOrder().stream()
                .filter(ancestors::contains).toList());
        java.util.Collections.reverse(order);
        return order;
    }

    protected Console console() {
        return new Console() {
            @Override
            public void info(String line) {
                getLog().info(line);
            }

            @Override
            public void warn(String line) {
                getLog().warn(line);
            }

            @Override
            public void error(String line) {
                getLog().error(line);
            }
        };
    }
}
