package dev.cip.testing;

import dev.cip.context.Project;
import dev.cip.context.ProjectScanner;
import dev.cip.graph.ImageGraph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a cip project tree (real files) for tests.
 *
 * <pre>{@code
 * ProjectFixture p = ProjectFixture.in(tempDir)
 *         .image("00-base", "1.0.0")                       // FROM scratch
 *         .image("01-app", "2.0.0", "base:1.0.0")          // FROM ${REGISTRY}/base:1.0.0
 *         .image("02-tool", "1.0.0", "app:2.0.0", "base:1.0.0") // plus COPY --from=${REGISTRY}/base:1.0.0
 *         .context("03-odd", "FROM debian:12\n", "{:version \"1\"}"); // any Dockerfile / info.edn
 * Project project = p.scan();
 * ImageGraph graph = p.graph("localhost:5000");
 * }</pre>
 */
public final class ProjectFixture {
    private final Path root;

    private ProjectFixture(Path root) {
        this.root = root;
    }

    /** A project in {@code root}, with an (empty) {@code contexts/} directory. */
    public static ProjectFixture in(Path root) {
        ProjectFixture fixture = new ProjectFixture(root);
        fixture.mkdirs(fixture.contexts());
        return fixture;
    }

    /** A project directory without {@code contexts/}. */
    public static ProjectFixture bare(Path root) {
        return new ProjectFixture(root);
    }

    public Path root() {
        return root;
    }

    public Path contexts() {
        return root.resolve(ProjectScanner.CONTEXTS);
    }

    /** The directory of context {@code dirName}. */
    public Path dir(String dirName) {
        return contexts().resolve(dirName);
    }

    public Path dockerfile(String dirName) {
        return dir(dirName).resolve(ProjectScanner.DOCKERFILE);
    }

    public Path info(String dirName) {
        return dir(dirName).resolve(ProjectScanner.INFO_EDN);
    }

    /**
     * A context with exactly this Dockerfile and info.edn; a {@code null} one is not written (the directory is
     * always created).
     */
    public ProjectFixture context(String dirName, String dockerfile, String infoEdn) {
        mkdirs(dir(dirName));
        if (dockerfile != null) {
            write(dockerfile(dirName), dockerfile);
        }
        if (infoEdn != null) {
            write(info(dirName), infoEdn);
        }
        return this;
    }

    /**
     * A context at {@code version} whose Dockerfile builds on the given project images ({@code "name:tag"}, under
     * {@code ${REGISTRY}}): the first in {@code FROM}, the others in {@code COPY --from=}. Without parents it is
     * {@code FROM scratch}.
     */
    public ProjectFixture image(String dirName, String version, String... parents) {
        return context(dirName, dockerfileOn(parents), version(version));
    }

    /** Any file, relative to the project directory. */
    public ProjectFixture file(String relativePath, String content) {
        Path file = root.resolve(relativePath);
        mkdirs(file.getParent());
        write(file, content);
        return this;
    }

    /** A directory, relative to the project directory. */
    public ProjectFixture directory(String relativePath) {
        mkdirs(root.resolve(relativePath));
        return this;
    }

    public Project scan() {
        return new ProjectScanner().scan(root);
    }

    public ImageGraph graph(String registry) {
        return ImageGraph.of(scan(), registry, Map.of());
    }

    /** {@code {:version "<v>"}} */
    public static String version(String version) {
        return "{:version \"" + version + "\"}\n";
    }

    /** The Dockerfile {@link #image} writes. */
    public static String dockerfileOn(String... parents) {
        StringBuilder sb = new StringBuilder("ARG REGISTRY\n");
        if (parents.length == 0) {
            sb.append("FROM scratch\n");
        } else {
            sb.append("FROM ${REGISTRY}/").append(parents[0]).append('\n');
            for (int k = 1; k < parents.length; k++) {
                sb.append("COPY --from=${REGISTRY}/").append(parents[k]).append(" /x /x").append(k).append('\n');
            }
        }
        sb.append("LABEL test=true\n");
        return sb.toString();
    }

    private void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
