package dev.cip.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private Docker CLI config directory that hands credentials (from Maven {@code settings.xml}) to {@code docker}
 * child processes through {@code DOCKER_CONFIG}, without touching the user's config.
 *
 * <p>The directory (mode 0700) holds a {@code config.json} (mode 0600): the user's config (credHelpers, credsStore,
 * currentContext, proxies, … kept) with an {@code auths} entry per given host. For those hosts a
 * {@code credHelpers[host] = ""} entry makes the CLI use the file entry even where a {@code credsStore} or helper is
 * configured. The other entries of the user's config directory ({@code buildx/} builders, {@code contexts/},
 * {@code cli-plugins/}) are linked in, so {@code docker buildx} finds its builders. The directory is removed on
 * {@link #close()}; the user's files are never written.
 */
public final class TemporaryDockerConfig implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;

    private TemporaryDockerConfig(Path directory) {
        this.directory = directory;
    }

    /** Merges the user's config ({@code $DOCKER_CONFIG} or {@code ~/.docker}) with the given credentials. */
    public static TemporaryDockerConfig create(Map<String, Credentials> credentials) {
        return create(DockerConfigFiles.defaultDir(System.getenv()), credentials, null);
    }

    /**
     * @param userConfigDir the user's Docker config directory (may be null or missing: start from an empty config)
     * @param credentials   credentials by registry host
     * @param parent        where to create the directory; null for the system temp directory
     */
    public static TemporaryDockerConfig create(Path userConfigDir, Map<String, Credentials> credentials,
                                               Path parent) {
        Path dir = null;
        try {
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (posix) {
                var dirPerms = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
                dir = parent == null ? Files.createTempDirectory("cip-docker-config-", dirPerms)
                        : Files.createTempDirectory(parent, "cip-docker-config-", dirPerms);
            } else {
                dir = parent == null ? Files.createTempDirectory("cip-docker-config-")
                        : Files.createTempDirectory(parent, "cip-docker-config-");
            }
            ObjectNode config = readUserConfig(userConfigDir);
            ObjectNode auths = config.has("auths") && config.get("auths").isObject()
                    ? (ObjectNode) config.get("auths") : config.putObject("auths");
            boolean store = !config.path("credsStore").asText("").isEmpty();
            for (Map.Entry<String, Credentials> e : credentials.entrySet()) {
                String host = RegistryAddress.parse(e.getKey()).host();
                for (String key : DockerConfigFiles.authKeys(host)) {
                    auths.remove(key);
                }
                ObjectNode entry = auths.putObject(host);
                Credentials c = e.getValue();
                if (c.isIdentityToken()) {
                    entry.put("identitytoken", c.identityToken());
                } else {
                    entry.put("auth", Base64.getEncoder().encodeToString(
                            (c.username() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8)));
                }
                JsonNode helpers = config.get("credHelpers");
                if (store || (helpers != null && helpers.has(host))) {
                    ObjectNode h = helpers != null && helpers.isObject() ? (ObjectNode) helpers
                            : config.putObject("credHelpers");
                    h.put(host, "");
                }
            }
            Path file = dir.resolve("config.json");
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            }
            Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
            linkOtherEntries(userConfigDir, dir);
            return new TemporaryDockerConfig(dir);
        } catch (IOException | RuntimeException e) {
            if (dir != null) {
                deleteTree(dir);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new UncheckedIOException("cannot create a temporary Docker config: " + e.getMessage(),
                    (IOException) e);
        }
    }

    private static ObjectNode readUserConfig(Path userConfigDir) throws IOException {
        if (userConfigDir == null) {
            return JSON.createObjectNode();
        }
        Path file = userConfigDir.resolve("config.json");
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(file));
            if (n != null && n.isObject()) {
                return (ObjectNode) n;
            }
            if (n == null || n.isMissingNode()) {
                return JSON.createObjectNode();
            }
            throw new IOException(file + " is not a JSON object");
        } catch (NoSuchFileException e) {
            return JSON.createObjectNode();
        }
    }

    private static void linkOtherEntries(Path userConfigDir, Path dir) throws IOException {
        if (userConfigDir == null || !Files.isDirectory(userConfigDir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(userConfigDir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.equals("config.json") || name.startsWith("config.json")) {
                    continue;
                }
                try {
                    Files.createSymbolicLink(dir.resolve(name), p.toAbsolutePath());
                } catch (UnsupportedOperationException | IOException ignored) {
                    // not essential: only builders/contexts/plugins of the user are then not seen
                }
            }
        }
    }

    /** The directory to set as {@code DOCKER_CONFIG}. */
    public Path directory() {
        return directory;
    }

    /** {@code DOCKER_CONFIG=<directory>}, to add to a child process's environment. */
    public Map<String, String> environment() {
        return Map.of("DOCKER_CONFIG", directory.toString());
    }

    /** Removes the directory (links into the user's directory are removed, never followed). */
    @Override
    public void close() {
        deleteTree(directory);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort; retried below for the top directory
                }
            });
        } catch (IOException ignored) {
            // fall through
        }
    }

    @Override
    public String toString() {
        return "TemporaryDockerConfig[" + directory + "]";
    }
}
