package dev.cip.engine;

import dev.cip.json.Json;
import dev.cip.process.Executables;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the facts {@code docker buildx inspect} and the provenance probe report depend on, read without starting a
 * program: which builder (asked for, {@code BUILDX_BUILDER}, buildx's current one and its definition), which engine
 * ({@code DOCKER_HOST}, {@code DOCKER_CONTEXT}, the config's current context and the contexts' definitions, the
 * engine's socket, recreated when dockerd restarts or is upgraded), which CLI (the docker program and the buildx
 * plugin: size and modification time change with every install) and which emulators are registered (binfmt_misc:
 * the platforms a builder reports). Equal identities, equal facts; anything else probes again.
 */
public final class DockerIdentity {
    /** Where the docker CLI looks for the buildx plugin besides the config directory. */
    private static final List<String> PLUGIN_DIRS = List.of("/usr/local/lib/docker/cli-plugins",
            "/usr/local/libexec/docker/cli-plugins", "/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins");
    private static final List<String> ENVIRONMENT = List.of("BUILDX_BUILDER", "DOCKER_HOST", "DOCKER_CONTEXT",
            "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "BUILDX_CONFIG");
    /** Entries listed per directory at most: a config directory with thousands of files is not walked further. */
    private static final int MAX_ENTRIES = 200;

    private DockerIdentity() {
    }

    /**
     * The identity of {@code builder} (the current one when empty) as {@code docker} run with {@code environment}
     * added to this process's sees it: a SHA-256 over the facts listed above.
     */
    public static String of(String docker, Optional<String> builder, Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(environment);
        List<String> lines = new ArrayList<>();
        lines.add("builder=" + builder.orElse(""));
        ENVIRONMENT.forEach(k -> lines.add(k + "=" + env.getOrDefault(k, "")));
        Path config = Optional.ofNullable(env.get("DOCKER_CONFIG")).filter(s -> !s.isBlank()).map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".docker"));
        lines.add("currentContext=" + currentContext(config.resolve("config.json")));
        lines.add("buildx/current=" + text(config.resolve("buildx/current")));
        lines.addAll(listing(config.resolve("buildx/instances")));
        lines.addAll(listing(config.resolve("contexts/meta")));
        Path program = docker.contains("/") ? Path.of(docker)
                : Executables.onPath(docker, env.get("PATH")).orElse(Path.of(docker));
        lines.add("docker=" + stamp(program));
        List<Path> pluginDirs = new ArrayList<>(List.of(config.resolve("cli-plugins")));
        PLUGIN_DIRS.forEach(d -> pluginDirs.add(Path.of(d)));
        pluginDirs.forEach(d -> lines.add("plugin=" + stamp(d.resolve("docker-buildx"))));
        lines.add("engine=" + stamp(socket(env.getOrDefault("DOCKER_HOST", ""))));
        lines.add("binfmt=" + names(Path.of("/proc/sys/fs/binfmt_misc")));
        return sha256(String.join("\n", lines));
    }

    /** The unix socket the engine listens on, when the host names one (the default when none is set). */
    private static Path socket(String host) {
        if (host.isBlank()) {
            return Path.of("/var/run/docker.sock");
        }
        return host.startsWith("unix://") ? Path.of(host.substring("unix://".length())) : Path.of("/nonexistent");
    }

    /** The config's {@code currentContext}; its raw bytes' stamp when it cannot be read as JSON. */
    private static String currentContext(Path configJson) {
        if (!Files.isRegularFile(configJson)) {
            return "";
        }
        try {
            if (Files.size(configJson) > 1024 * 1024) {
                return stamp(configJson);
            }
            return Json.mapper().readTree(configJson.toFile()).path("currentContext").asText("");
        } catch (IOException | RuntimeException e) {
            return stamp(configJson);
        }
    }

    private static String text(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) < 4096
                    ? Files.readString(file, StandardCharsets.UTF_8).strip() : stamp(file);
        } catch (IOException | RuntimeException e) {
            return "unreadable";
        }
    }

    /** Each entry of {@code dir} (two levels, links followed) with its stamp, in name order. */
    private static List<String> listing(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of(dir + ": none");
        }
        try (Stream<Path> entries = Files.walk(dir, 2)) {
            return entries.limit(MAX_ENTRIES).map(p -> p + ": " + stamp(p)).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of(dir + ": unreadable");
        }
    }

    /** The names in {@code dir} (procfs: its times say nothing), sorted. */
    private static String names(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return String.join(",", entries.limit(MAX_ENTRIES).map(p -> p.getFileName().toString()).sorted().toList());
        } catch (IOException | RuntimeException e) {
            return "none";
        }
    }

    /** Size, modification time and file key (device and inode) of {@code file}, links followed; "none" if absent. */
    static String stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.size() + " " + a.lastModifiedTime().toMillis() + " " + a.fileKey();
        } catch (IOException | RuntimeException e) {
            return "none";
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
