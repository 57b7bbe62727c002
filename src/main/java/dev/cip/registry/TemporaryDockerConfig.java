package dev.cip.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cip.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
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
 * {@link #close()} and, should the JVM be stopped first (SIGINT, SIGTERM), by a shutdown hook; directories left by
 * killed runs (SIGKILL) are swept when the next one is created. The user's files are never written.
 */
public final class TemporaryDockerConfig implements AutoCloseable {

    private static final String PREFIX = "cip-docker-config-";
    /** Inside each directory: {@code <pid> <process start instant>} of the JVM that created it. */
    static final String OWNER_FILE = "cip-owner";
    /** A directory without a readable owner file is stale once it is this old. */
    static final Duration UNOWNED_MAX_AGE = Duration.ofHours(12);

    private final Path directory;
    private final Thread hook;

    private TemporaryDockerConfig(Path directory, Thread hook) {
        this.directory = directory;
        this.hook = hook;
    }

    /**
     * A shutdown hook (SIGINT, SIGTERM, normal exit) that removes {@code dir}; unregistered again by {@link #close()}.
     * The hook thread is never started unless the JVM shuts down while the directory still exists.
     */
    private static Thread removalHook(Path dir) {
        Thread t = new Thread(() -> deleteTree(dir), "cip-docker-config-cleanup");
        Runtime.getRuntime().addShutdownHook(t);
        return t;
    }

    private static void removeHook(Thread hook) {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to run: it removes the directory itself
        }
    }

    static String ownerLine(ProcessHandle p) {
        return p.pid() + " " + p.info().startInstant().map(Instant::toString).orElse("-") + "\n";
    }

    /**
     * Removes what runs of this user killed with SIGKILL (or a power loss) left behind: the stale
     * {@code cip-docker-config-*} directories (see {@link #sweepStale}) wherever {@link #create(Map)} puts them, under
     * {@code $XDG_RUNTIME_DIR} and under the system temp directory. Every run that reaches a registry calls this,
     * whether it has credentials of its own or not. Best effort: it never fails.
     */
    public static void sweepLeftovers() {
        sweepLeftovers(System.getenv());
    }

    static void sweepLeftovers(Map<String, String> env) {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        Path parent = defaultParent(env);
        sweepStale(parent);
        if (!parent.equals(temp)) {
            sweepStale(temp); // left by a run that had no $XDG_RUNTIME_DIR
        }
    }

    /**
     * Removes {@code cip-docker-config-*} directories in {@code parent} that belong to this user and whose creating
     * process is gone (a run killed with SIGKILL, or a power loss). A directory of a live process is left alone; one
     * without an owner file is removed once older than {@link #UNOWNED_MAX_AGE}. Links inside (to
     * {@code ~/.docker/buildx} and the like) are removed, never followed.
     */
    static void sweepStale(Path parent) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        UserPrincipal me = currentUser(parent);
        if (me == null) {
            return; // whose directories are whose cannot be told: leave them all
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path d : dirs) {
                try {
                    if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)
                            || !me.equals(Files.getOwner(d, LinkOption.NOFOLLOW_LINKS))) {
                        continue;
                    }
                    if (isStale(d)) {
                        deleteTree(d);
                    }
                } catch (IOException | SecurityException ignored) {
                    // not ours to judge: leave it
                }
            }
        } catch (IOException | SecurityException ignored) {
            // sweeping is best effort
        }
    }

    private static boolean isStale(Path dir) throws IOException {
        Path owner = dir.resolve(OWNER_FILE);
        if (Files.isRegularFile(owner, LinkOption.NOFOLLOW_LINKS)) {
            String[] parts = Files.readString(owner).trim().split(" ");
            try {
                long pid = Long.parseLong(parts[0]);
                Optional<ProcessHandle> p = ProcessHandle.of(pid);
                if (p.isEmpty() || !p.get().isAlive()) {
                    return true;
                }
                // the pid may have been reused by another process: compare start instants when both are known
                return parts.length > 1 && !parts[1].equals("-")
                        && p.get().info().startInstant().map(i -> !i.toString().equals(parts[1])).orElse(false);
            } catch (NumberFormatException e) {
                // fall through to the age rule
            }
        }
        FileTime modified = Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS);
        return modified.toInstant().isBefore(Instant.now().minus(UNOWNED_MAX_AGE));
    }

    private static UserPrincipal currentUser(Path parent) {
        try {
            return parent.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /**
     * Merges the user's config ({@code $DOCKER_CONFIG} or {@code ~/.docker}) with the given credentials, in a
     * directory under {@code $XDG_RUNTIME_DIR} when set, else under the system temp directory.
     */
    public static TemporaryDockerConfig create(Map<String, Credentials> credentials) {
        Map<String, String> env = System.getenv();
        return create(DockerConfigFiles.defaultDir(env), credentials, defaultParent(env));
    }

    /** {@code $XDG_RUNTIME_DIR} when it is set and a directory, else {@code java.io.tmpdir}. */
    static Path defaultParent(Map<String, String> env) {
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank()) {
            Path p = Path.of(xdg);
            if (p.isAbsolute() && Files.isDirectory(p)) {
                return p;
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * @param userConfigDir the user's Docker config directory (may be null or missing: start from an empty config)
     * @param credentials   credentials by registry host
     * @param parent        where to create the directory; null for the system temp directory. Stale directories
     *                      of this user's killed runs found there are removed first.
     */
    public static TemporaryDockerConfig create(Path userConfigDir, Map<String, Credentials> credentials,
                                               Path parent) {
        Path dir = null;
        Thread hook = null;
        try {
            sweepStale(parent == null ? Path.of(System.getProperty("java.io.tmpdir")) : parent);
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (posix) {
                var dirPerms = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
                dir = parent == null ? Files.createTempDirectory("cip-docker-config-", dirPerms)
                        : Files.createTempDirectory(parent, "cip-docker-config-", dirPerms);
            } else {
                dir = parent == null ? Files.createTempDirectory("cip-docker-config-")
                        : Files.createTempDirectory(parent, "cip-docker-config-");
            }
            hook = removalHook(dir);
            Files.writeString(dir.resolve(OWNER_FILE), ownerLine(ProcessHandle.current()));
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
            Files.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
            linkOtherEntries(userConfigDir, dir);
            return new TemporaryDockerConfig(dir, hook);
        } catch (IOException | RuntimeException e) {
            if (dir != null) {
                removeHook(hook);
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
            return Json.mapper().createObjectNode();
        }
        Path file = userConfigDir.resolve("config.json");
        try {
            JsonNode n = Json.mapper().readTree(Files.readAllBytes(file));
            if (n != null && n.isObject()) {
                return (ObjectNode) n;
            }
            if (n == null || n.isMissingNode()) {
                return Json.mapper().createObjectNode();
            }
            throw new IOException(file + " is not a JSON object");
        } catch (NoSuchFileException e) {
            return Json.mapper().createObjectNode();
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
        removeHook(hook);
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
                    // best effort: a file that cannot go leaves its directories; a later run sweeps stale ones
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
