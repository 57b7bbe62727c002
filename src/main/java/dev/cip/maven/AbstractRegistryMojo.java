package dev.cip.maven;

import dev.cip.plan.ImageStore;
import dev.cip.store.RegistryImageStore;
import dev.cip.store.SummaryCache;
import dev.cip.registry.CredentialResolver;
import dev.cip.registry.Credentials;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.RegistryOptions;
import dev.cip.registry.TemporaryDockerConfig;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Goals that talk to registries: credentials from settings.xml and the Docker config, TLS and insecure hosts. */
public abstract class AbstractRegistryMojo extends AbstractCipMojo {

    /** The docker CLI executable. */
    @Parameter(property = "cip.docker", defaultValue = "docker")
    protected String docker;

    /** Registries reached over plain HTTP besides loopback ones (which always are). */
    @Parameter(property = "cip.insecureRegistries")
    protected List<String> insecureRegistries;

    /** A PEM file of extra CA certificates trusted for registries, besides the JDK's. */
    @Parameter(property = "cip.caFile")
    protected File caFile;

    /**
     * Where cip remembers what it read of published images (platforms, fingerprint), by manifest digest; with it a
     * plan costs one {@code HEAD} per published image. Safe to delete; content-addressed, so never stale.
     */
    @Parameter(property = "cip.cacheDir", defaultValue = "${user.home}/.cache/cip")
    protected File cacheDir;

    @Parameter(defaultValue = "${settings}", readonly = true)
    protected Settings settings;

    protected final SettingsDecrypter decrypter;

    protected AbstractRegistryMojo(SettingsDecrypter decrypter) {
        this.decrypter = decrypter;
    }

    @Override
    protected void checkParameters() throws org.apache.maven.plugin.MojoFailureException {
        super.checkParameters();
        if (insecureRegistries != null) {
            List<String> checked = new java.util.ArrayList<>();
            for (String r : insecureRegistries) {
                if (r != null && !r.isBlank()) {
                    checked.add(Checks.registry("cip.insecureRegistries", r));
                }
            }
            insecureRegistries = checked;
        }
        if (caFile != null) {
            Checks.readableFile("cip.caFile", caFile);
        }
        if (docker == null || docker.isBlank()) {
            throw new org.apache.maven.plugin.MojoFailureException("cip.docker is empty; set it to the docker CLI, "
                    + "e.g. -Dcip.docker=docker");
        }
    }

    /** Whether Maven runs offline ({@code mvn -o}). */
    protected boolean offline() {
        return session != null && session.isOffline();
    }

    /**
     * In offline mode ({@code mvn -o}), refuses a goal that must reach a registry other than a loopback one (a
     * registry on this machine is no network access).
     */
    protected void refuseOffline(String... registries) throws org.apache.maven.plugin.MojoFailureException {
        if (!offline()) {
            return;
        }
        for (String registry : registries) {
            if (!dev.cip.registry.RegistryAddress.parse(registry).isLoopback()) {
                throw new org.apache.maven.plugin.MojoFailureException("cip " + goalName() + " must reach the "
                        + "registry " + registry + ", and Maven runs offline (-o): run it without -o (only a "
                        + "registry on this machine, such as localhost:5000, is used offline)");
            }
        }
    }

    /** The registry client and, when settings.xml holds credentials, a private Docker config for {@code docker}. */
    protected RegistryAccess registryAccess(String... registries) throws MojoExecutionException,
            org.apache.maven.plugin.MojoFailureException {
        for (String registry : registries) {
            try {
                dev.cip.registry.RegistryAddress.parse(registry);
            } catch (IllegalArgumentException e) {
                throw new org.apache.maven.plugin.MojoFailureException("invalid registry '" + registry + "': "
                        + e.getMessage() + " (expected host[:port][/path], e.g. registry.example.com/team)", e);
            }
        }
        Map<String, Credentials> fromSettings = settingsCredentials();
        RegistryOptions options = RegistryOptions.defaults()
                .withInsecureRegistries(insecureHosts())
                .withCredentials(CredentialResolver.of(fromSettings))
                .withHints(MavenHelpfulSuggestions.INSTANCE)
                .withExtraCaPem(caFile == null ? null : caFile.toPath());
        RegistryClient client = new RegistryClient(options);
        TemporaryDockerConfig dockerConfig = null;
        try {
            Map<String, Credentials> forDocker = new HashMap<>();
            for (String registry : registries) {
                String host = dev.cip.registry.RegistryAddress.parse(registry).host();
                if (fromSettings.containsKey(host)) {
                    forDocker.put(host, fromSettings.get(host));
                }
            }
            if (!forDocker.isEmpty()) {
                dockerConfig = TemporaryDockerConfig.create(forDocker);
            }
        } catch (RuntimeException e) {
            client.close();
            throw new MojoExecutionException("cannot prepare a private Docker config for the credentials from "
                    + "settings.xml: " + e.getMessage(), e);
        }
        SummaryCache cache = cacheDir == null ? SummaryCache.none()
                : SummaryCache.load(cacheDir.toPath().resolve("registry-summaries.json"));
        return new RegistryAccess(client, dockerConfig, cache);
    }

    /** The open client and temporary Docker config of one goal execution; closing removes the config. */
    protected static final class RegistryAccess implements AutoCloseable {
        private final RegistryClient client;
        private final TemporaryDockerConfig dockerConfig;
        private final SummaryCache cache;

        RegistryAccess(RegistryClient client, TemporaryDockerConfig dockerConfig, SummaryCache cache) {
            this.client = client;
            this.dockerConfig = dockerConfig;
            this.cache = cache;
        }

        public RegistryClient client() {
            return client;
        }

        public ImageStore store(String registry) {
            return new RegistryImageStore(client, registry, true, cache);
        }

        /** Environment for {@code docker} child processes. */
        public Map<String, String> dockerEnvironment() {
            return dockerConfig == null ? Map.of() : dockerConfig.environment();
        }

        @Override
        public void close() {
            try {
                cache.save();
                client.close();
            } finally {
                if (dockerConfig != null) {
                    dockerConfig.close();
                }
            }
        }
    }

    /** Whether {@code registry} is reached over plain HTTP: loopback, or one of {@code cip.insecureRegistries}. */
    protected boolean plainHttp(String registry) {
        dev.cip.registry.RegistryAddress address = dev.cip.registry.RegistryAddress.parse(registry.strip());
        return address.isLoopback() || insecureHosts().contains(address.host());
    }

    private Set<String> insecureHosts() {
        Set<String> hosts = new LinkedHashSet<>();
        if (insecureRegistries != null) {
            insecureRegistries.stream().filter(s -> s != null && !s.isBlank())
                    .forEach(s -> hosts.add(dev.cip.registry.RegistryAddress.parse(s.strip()).host()));
        }
        return hosts;
    }

    /** {@code <server>} entries of settings.xml, keyed by id (the registry host), passwords decrypted. */
    private Map<String, Credentials> settingsCredentials() throws MojoExecutionException {
        Map<String, Credentials> credentials = new HashMap<>();
        if (settings == null || settings.getServers() == null) {
            return credentials;
        }
        for (Server server : settings.getServers()) {
            if (server.getId() == null || server.getUsername() == null) {
                continue;
            }
            SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
            for (SettingsProblem problem : result.getProblems()) {
                if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                    throw new MojoExecutionException("cannot decrypt the password of <server> " + server.getId()
                            + " in settings.xml: " + problem.getMessage());
                }
            }
            Server decrypted = result.getServer();
            String secret = decrypted.getPassword() != null ? decrypted.getPassword() : "";
            credentials.put(server.getId(), Credentials.basic(server.getUsername(), secret));
        }
        return credentials;
    }
}
