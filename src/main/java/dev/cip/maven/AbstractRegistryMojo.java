package dev.cip.maven;

import dev.cip.app.RegistryStack;

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
    protected RegistryStack registryAccess(String... registries) throws MojoExecutionException,
            org.apache.maven.plugin.MojoFailureException {
        for (String registry : registries) {
            try {
                dev.cip.registry.RegistryAddress.parse(registry);
            } catch (IllegalArgumentException e) {
                throw new org.apache.maven.plugin.MojoFailureException("invalid registry '" + registry + "': "
                        + e.getMessage() + " (expected host[:port][/path], e.g. registry.example.com/team)", e);
            }
        }
        RegistryStack.Setup setup = new RegistryStack.Setup(settingsCredentials(), insecureHosts(),
                java.util.Optional.ofNullable(caFile).map(File::toPath),
                java.util.Optional.ofNullable(cacheDir).map(d -> d.toPath().resolve("registry-summaries.json")),
                MavenHelpfulSuggestions.INSTANCE);
        try {
            return RegistryStack.open(setup, List.of(registries));
        } catch (java.io.IOException e) {
            throw new MojoExecutionException(e.getMessage() + " (from settings.xml)", e);
        }
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
