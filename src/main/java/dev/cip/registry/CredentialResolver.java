package dev.cip.registry;

import dev.cip.oci.ImageRef;

import dev.cip.process.ProcessRunner;
import dev.cip.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cip.process.Executables;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Finds the credentials for a registry host. Precedence, first match wins:
 * <ol>
 *   <li>explicit credentials handed in by the caller (Maven {@code settings.xml} {@code <server>} whose id is the
 *       registry host), keyed by host;</li>
 *   <li>the Docker CLI config ({@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}):
 *       <ol>
 *         <li>{@code credHelpers[host]}: {@code docker-credential-<helper> get};</li>
 *         <li>{@code credsStore}: {@code docker-credential-<store> get};</li>
 *         <li>{@code auths[host]} (also under {@code https://host}, {@code https://host/v1/}, …):
 *             {@code identitytoken}, else {@code auth} (base64 {@code user:password}), else
 *             {@code username}/{@code password}.</li>
 *       </ol></li>
 * </ol>
 * A helper that answers "not found" falls through to the next source. Helpers are found on the {@code PATH} of
 * the environment given to the builder (the process environment by default) and run through the
 * {@link ProcessRunner} (no shell, a timeout, bounded output); the host is written to their standard input, and
 * what they print on stderr reaches messages only cleaned ({@link ExternalText}). Results are cached per host for the life of the resolver. Thread-safe.
 */
public final class CredentialResolver implements CredentialProvider {

    private final Map<String, Credentials> explicit;
    private final Path dockerConfigDir;
    private final Map<String, String> environment;
    private final Duration helperTimeout;
    private final ConcurrentMap<String, Optional<Credentials>> cache = new ConcurrentHashMap<>();

    private CredentialResolver(Builder b) {
        this.explicit = Map.copyOf(b.explicit);
        this.environment = Map.copyOf(b.environment);
        this.dockerConfigDir = b.dockerConfigDir != null ? b.dockerConfigDir
                : DockerConfigFiles.defaultDir(environment);
        this.helperTimeout = b.helperTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Explicit credentials first, then the Docker config of this process's environment. */
    public static CredentialResolver of(Map<String, Credentials> explicit) {
        return builder().explicit(explicit).build();
    }

    /** The Docker config directory this resolver reads. */
    public Path dockerConfigDir() {
        return dockerConfigDir;
    }

    @Override
    public Optional<Credentials> forHost(String registryHost) {
        return resolve(registryHost);
    }

    /**
     * The credentials for {@code registryHost} ({@code host[:port]}; a registry value with a path is reduced to its
     * host).
     *
     * @throws RegistryException (kind LOCAL) when the Docker config is unreadable or a helper fails
     */
    public Optional<Credentials> resolve(String registryHost) {
        String host = RegistryAddress.parse(registryHost).host();
        return cache.computeIfAbsent(host, this::lookup);
    }

    private Optional<Credentials> lookup(String host) {
        Credentials c = explicit.get(host);
        if (c != null) {
            return Optional.of(c);
        }
        JsonNode config = readConfig(host);
        if (config == null) {
            return Optional.empty();
        }
        String server = serverAddress(host);
        String helper = config.path("credHelpers").path(server).asText(config.path("credHelpers").path(host).asText(""));
        if (!helper.isEmpty()) {
            Optional<Credentials> fromHelper = runHelper(helper, server);
            if (fromHelper.isPresent()) {
                return fromHelper;
            }
        } else if (!config.path("credHelpers").has(host) && !config.path("credHelpers").has(server)) {
            String store = config.path("credsStore").asText("");
            if (!store.isEmpty()) {
                Optional<Credentials> fromStore = runHelper(store, server);
                if (fromStore.isPresent()) {
                    return fromStore;
                }
            }
        }
        JsonNode auths = config.path("auths");
        List<String> keys = new ArrayList<>(List.of(DockerConfigFiles.authKeys(host)));
        keys.add(0, server);
        for (String key : keys) {
            JsonNode a = auths.get(key);
            if (a != null && a.isObject()) {
                Optional<Credentials> fromAuths = fromAuthEntry(a, host);
                if (fromAuths.isPresent()) {
                    return fromAuths;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The name the Docker CLI stores a registry's credentials under: {@code https://index.docker.io/v1/} for Docker
     * Hub (what {@code docker login} without a server writes), the host for any other registry.
     */
    static String serverAddress(String host) {
        return host.equals(ImageRef.DOCKER_HUB_HOST) || host.equals("index.docker.io") || host.equals("docker.io")
                ? DOCKER_HUB_SERVER : host;
    }

    private static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";

    private JsonNode readConfig(String host) {
        Path file = dockerConfigDir.resolve("config.json");
        try {
            byte[] bytes = Files.readAllBytes(file);
            JsonNode n = Json.mapper().readTree(bytes);
            return n != null && n.isObject() ? n : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Kind.LOCAL, host, null, 0,
                    "cannot read Docker config " + file + " (looking up credentials for " + host + "): "
                            + e.getClass().getSimpleName() + "; fix or remove that file");
        }
    }

    private static Optional<Credentials> fromAuthEntry(JsonNode a, String host) {
        String identity = a.path("identitytoken").asText("");
        if (!identity.isEmpty()) {
            return Optional.of(Credentials.identityToken(identity));
        }
        String auth = a.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new RegistryException(RegistryException.Kind.LOCAL, host, null, 0,
                        "the 'auth' entry for " + host + " in the Docker config is not valid base64; run "
                                + "'docker login " + host + "' again");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new RegistryException(RegistryException.Kind.LOCAL, host, null, 0,
                        "the 'auth' entry for " + host + " in the Docker config is not 'user:password'; run "
                                + "'docker login " + host + "' again");
            }
            return Optional.of(Credentials.basic(decoded.substring(0, colon), decoded.substring(colon + 1)));
        }
        String user = a.path("username").asText("");
        String pass = a.path("password").asText("");
        if (!user.isEmpty() && !pass.isEmpty()) {
            return Optional.of(Credentials.basic(user, pass));
        }
        return Optional.empty();
    }

    private Optional<Credentials> runHelper(String helper, String host) {
        String exe = "docker-credential-" + helper;
        if (!helper.matches("[A-Za-z0-9._-]+")) {
            throw new RegistryException(RegistryException.Kind.LOCAL, host, null, 0,
                    "invalid credential helper name '" + helper + "' in " + dockerConfigDir.resolve("config.json"));
        }
        Path executable = findOnPath(exe);
        if (executable == null) {
            throw new RegistryException(RegistryException.Kind.LOCAL, host, null, 0,
                    "the Docker config " + dockerConfigDir.resolve("config.json") + " names the credential helper '"
                            + helper + "' for " + host + ", but " + exe + " is not on the PATH; install it or "
                            + "remove it from the config");
        }
        List<String> stderr = new ArrayList<>();
        ProcessRunner.Result r;
        try (ProcessRunner runner = new ProcessRunner(environment)) {
            r = runner.run(ProcessRunner.Request.of(List.of(executable.toString(), "get"))
                    .input(host.getBytes(StandardCharsets.UTF_8)).capturing().timeout(helperTimeout)
                    .onLine((stream, line) -> {
                        if (stream == ProcessRunner.Stream.STDERR && stderr.size() < 20) {
                            stderr.add(line);
                        }
                    }));
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Kind.LOCAL, host, null, 0,
                    "cannot run credential helper " + executable + ": " + ExternalText.clean(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.Kind.LOCAL, host, null, 0,
                    "interrupted while running credential helper " + exe);
        }
        if (r.timedOut()) {
            throw new RegistryException(RegistryException.Kind.LOCAL, host, null, 0,
                    "credential helper " + exe + " did not answer within " + helperTimeout.toSeconds()
                            + " s for " + host + " and was stopped");
        }
        String said = ExternalText.clean(String.join(" ", stderr));
        if (!r.succeeded()) {
            String all = (r.stdout() + " " + said).toLowerCase(Locale.ROOT);
            if (all.contains("credentials not found") || all.contains("not found")) {
                return Optional.empty();
            }
            throw new RegistryException(RegistryException.Kind.LOCAL, host, null, 0,
                    "credential helper " + exe + " failed for " + host + " (exit " + r.exitCode() + ")"
                            + (said.isEmpty() ? "" : ": " + said));
        }
        JsonNode n;
        try {
            n = r.truncated() ? null : Json.mapper().readTree(r.stdout());
        } catch (IOException e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            throw new RegistryException(RegistryException.Kind.LOCAL, host, null, 0,
                    "credential helper " + exe + " gave an answer for " + host + " that is not JSON");
        }
        String user = n.path("Username").asText("");
        String secret = n.path("Secret").asText("");
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        if (user.equals("<token>")) {
            return Optional.of(Credentials.identityToken(secret));
        }
        return Optional.of(Credentials.basic(user, secret));
    }

    private Path findOnPath(String exe) {
        return Executables.onPath(exe, environment.getOrDefault("PATH", "")).orElse(null);
    }

    @Override
    public String toString() {
        return "CredentialResolver[explicit hosts=" + explicit.keySet() + ", dockerConfig=" + dockerConfigDir + "]";
    }

    /** Builder; every setting is optional. */
    public static final class Builder {
        private final Map<String, Credentials> explicit = new HashMap<>();
        private Path dockerConfigDir;
        private Map<String, String> environment = System.getenv();
        private Duration helperTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** Credentials by registry host (settings.xml servers); they win over the Docker config. */
        public Builder explicit(Map<String, Credentials> credentials) {
            for (Iterator<Map.Entry<String, Credentials>> it = credentials.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Credentials> e = it.next();
                explicit.put(e.getKey(), e.getValue());
            }
            return this;
        }

        /** The Docker config directory; default {@code $DOCKER_CONFIG} or {@code ~/.docker} of the environment. */
        public Builder dockerConfigDir(Path dir) {
            this.dockerConfigDir = dir;
            return this;
        }

        /** The environment: {@code PATH} to find helpers, {@code DOCKER_CONFIG}, {@code HOME}; passed to helpers. */
        public Builder environment(Map<String, String> env) {
            this.environment = Map.copyOf(env);
            return this;
        }

        public Builder helperTimeout(Duration timeout) {
            this.helperTimeout = timeout;
            return this;
        }

        public CredentialResolver build() {
            return new CredentialResolver(this);
        }
    }
}
