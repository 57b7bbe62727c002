package dev.cip.cascade;

import dev.cip.context.Project;
import dev.cip.context.ProjectScanner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Writes sample projects and reads them back, byte for byte. */
final class Fixture {
    static final String REGISTRY = "localhost:5000";

    private final Path dir;

    Fixture(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Adds {@code contexts/<name>} with the given Dockerfile and info.edn texts (written exactly). */
    Fixture context(String name, String dockerfile, String info) {
        Path ctx = dir.resolve("contexts").resolve(name);
        try {
            Files.createDirectories(ctx);
            Files.writeString(ctx.resolve("Dockerfile"), dockerfile, StandardCharsets.UTF_8);
            Files.writeString(ctx.resolve("info.edn"), info, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A context whose Dockerfile is {@code FROM ${REGISTRY}/<parent>:<parentVersion>} (or scratch). */
    Fixture simple(String name, String version, String parent, String parentVersion) {
        String from = parent == null ? "FROM scratch\n" : "ARG REGISTRY\nFROM ${REGISTRY}/" + parent + ":"
                + parentVersion + "\n";
        return context(name, from + "COPY . /\n", "{:version \"" + version + "\"}\n");
    }

    Path file(String context, String file) {
        return dir.resolve("contexts").resolve(context).resolve(file);
    }

    String read(String context, String file) {
        try {
            return Files.readString(file(context, file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Project scan() {
        return new ProjectScanner().scan(dir);
    }

    CascadePlan plan(CascadeOptions options) {
        return new Cascade().plan(scan(), options);
    }

    CascadePlan plan(BumpLevel level) {
        return plan(CascadeOptions.of(level, REGISTRY));
    }

    /** Plans and writes; returns the plan. */
    CascadePlan cascade(CascadeOptions options) {
        CascadePlan plan = plan(options);
        try {
            new FileReplacer().replaceAll(plan.changes());
        } catch (CascadeWriteException e) {
            throw new AssertionError(e);
        }
        return plan;
    }

    CascadePlan cascade(BumpLevel level) {
        return cascade(CascadeOptions.of(level, REGISTRY));
    }

    /** Every file under the project with its bytes, to prove that nothing changed. */
    Map<String, byte[]> snapshot() {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Snapshots as comparable text (bytes shown as ISO-8859-1 so every byte survives). */
    static Map<String, String> text(Map<String, byte[]> snapshot) {
        Map<String, String> out = new TreeMap<>();
        snapshot.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.ISO_8859_1)));
        return out;
    }
}
