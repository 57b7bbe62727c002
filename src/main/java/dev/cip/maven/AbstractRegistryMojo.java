package dev.cip.maven;

import dev.cip.app.RegistryStack;
import dev.cip.context.Project;
import dev.cip.failure.InvalidSetting;
import dev.cip.graph.ImageGraph;
import dev.cip.mirror.ImageVersion;
import dev.cip.registry.Credentials;
import dev.cip.registry.RegistryAddress;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of every goal that talks to registries: credentials from settings.xml and the Docker config, TLS and
 * insecure hosts, the image selection, and signing.
 */
public abstract class AbstractRegistryMojo extends AbstractCipMojo {
    /** The environment the CI outputs are read from; tests replace it (the JVM's own is never changed). */
    Map<String, String> environment = System.getenv();


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

    /**
     * The largest single blob (image layer) cip copies between registries, e.g. {@code 10g} (the default) or
     * {@code 512m}; a layer declared larger is refused before it is downloaded.
     */
    @Parameter(property = "cip.maxBlobSize", defaultValue = "10g")
    protected String maxBlobSize;

    @Parameter(defaultValue = "${settings}", readonly = true)
    protected Settings settings;

    protected final SettingsDecrypter decrypter;

    protected AbstractRegistryMojo(SettingsDecrypter decrypter) {
        this.decrypter = decrypter;
    }

    @Override
    protected void checkParameters() throws MojoFailureException {
        super.checkParameters();
        if (insecureRegistries != null) {
            List<String> checked = new ArrayList<>();
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
        Checks.size("cip.maxBlobSize", maxBlobSize == null ? "10g" : maxBlobSize);
        if (docker == null || docker.isBlank()) {
            throw new MojoFailureException("cip.docker is empty; set it to the docker CLI, "
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
    protected void refuseOffline(String... registries) throws MojoFailureException {
        if (!offline()) {
            return;
        }
        for (String registry : registries) {
            if (!RegistryAddress.parse(registry).isLoopback()) {
                throw new MojoFailureException("cip " + goalName() + " must reach the "
                        + "registry " + registry + ", and Maven runs offline (-o): run it without -o (only a "
                        + "registry on this machine, such as localhost:5000, is used offline)");
            }
        }
    }

    /** The registry client and, when settings.xml holds credentials, a private Docker config for {@code docker}. */
    protected RegistryStack registryAccess(String... registries) throws MojoExecutionException,
            MojoFailureException {
        for (String registry : registries) {
            try {
                RegistryAddress.parse(registry);
            } catch (InvalidSetting e) {
                throw new MojoFailureException("invalid registry '" + registry + "': "
                        + e.getMessage() + " (expected host[:port][/path], e.g. registry.example.com/team)", e);
            }
        }
        RegistryStack.Setup setup = new RegistryStack.Setup(settingsCredentials(), insecureHosts(),
                Optional.ofNullable(caFile).map(File::toPath),
                Optional.ofNullable(cacheDir).map(d -> d.toPath().resolve("registry-summaries")),
                MavenHelpfulSuggestions.INSTANCE, console(),
                Checks.size("cip.maxBlobSize", maxBlobSize == null ? "10g" : maxBlobSize));
        try {
            return RegistryStack.open(setup, List.of(registries));
        } catch (IOException e) {
            throw new MojoExecutionException(e.getMessage() + " (from settings.xml)", e);
        }
    }

    private Set<String> insecureHosts() {
        Set<String> hosts = new LinkedHashSet<>();
        if (insecureRegistries != null) {
            insecureRegistries.stream().filter(s -> s != null && !s.isBlank())
                    .forEach(s -> hosts.add(RegistryAddress.parse(s.strip()).host()));
        }
        return hosts;
    }

    /** {@code <server>} entries of settings.xml, keyed by id (the registry host), passwords decrypted. */
    Map<String, Credentials> settingsCredentials() throws MojoExecutionException {
        Map<String, Credentials> credentials = new HashMap<>();
        if (settings == null || settings.getServers() == null) {
            return credentials;
        }
        for (Server server : settings.getServers()) {
            if (server.getId() == null || server.getUsername() == null) {
                continue;
            }
            Server decrypted = decrypted(server, "the password");
            String secret = decrypted.getPassword() != null ? decrypted.getPassword() : "";
            credentials.put(server.getId(), Credentials.basic(server.getUsername(), secret));
        }
        return credentials;
    }

    /** Image names to act on (comma-separated); all when empty. */
    @Parameter(property = "cip.images")
    protected List<String> images;

    /** Add the ancestors of {@code cip.images}. */
    @Parameter(property = "cip.withAncestors", defaultValue = "false")
    protected boolean withAncestors;

    /** Add the descendants of {@code cip.images}. */
    @Parameter(property = "cip.withDescendants", defaultValue = "false")
    protected boolean withDescendants;

    /**
     * {@code cosign}: sign every image a run releases, by digest, with {@code cip.signKey} (offline: no transparency
     * log); {@code none}: do not sign.
     */
    @Parameter(property = "cip.sign", defaultValue = "none")
    protected String sign = "none";

    /**
     * The signing key as cosign's {@code --key} takes it: a private key file, {@code env://VARIABLE}, or a KMS URI.
     * Its password comes from {@code cip.signServer}, else from the environment ({@code COSIGN_PASSWORD}).
     */
    @Parameter(property = "cip.signKey")
    protected String signKey;

    /**
     * A settings.xml {@code <server>} holding the signing key: its {@code <privateKey>} is the key file (unless
     * {@code cip.signKey} is set) and its {@code <passphrase>} (or {@code <password>}) the key's password, which
     * may be encrypted.
     */
    @Parameter(property = "cip.signServer")
    protected String signServer;

    /**
     * Require a valid signature by {@code cip.verifyKey} on every image the plan skips because it is already
     * published; an image without one fails the goal before anything is built.
     */
    @Parameter(property = "cip.verifySignatures", defaultValue = "false")
    protected boolean verifySignatures;

    /** The public key signatures are verified with ({@code cosign.pub}, or {@code env://VARIABLE}). */
    @Parameter(property = "cip.verifyKey")
    protected String verifyKey;

    /** The cosign executable. */
    @Parameter(property = "cip.cosign", defaultValue = "cosign")
    protected String cosign = "cosign";

    /** The signing values, checked before the goal does anything. */
    protected void checkSigning() throws MojoFailureException {
        String mode = Checks.oneOf("cip.sign", sign == null ? "none" : sign, List.of("none", "cosign"));
        if (mode.equals("cosign") && blank(signKey) && blank(signServer)) {
            throw new MojoFailureException("cip.sign=cosign needs a key: set cip.signKey (a cosign private key file, "
                    + "or env://VARIABLE holding it) or cip.signServer (the id of a settings.xml <server> whose "
                    + "<privateKey> is the key file and <passphrase> its password)");
        }
        if (!blank(signServer) && (settings == null || settings.getServer(signServer.strip()) == null)) {
            throw new MojoFailureException("cip.signServer=" + signServer.strip() + ": settings.xml has no <server> "
                    + "with that <id>");
        }
        if (verifySignatures && blank(verifyKey)) {
            throw new MojoFailureException("cip.verifySignatures=true needs cip.verifyKey: the public key (cosign.pub, "
                    + "or env://VARIABLE holding it) signatures are checked with");
        }
    }

    /** The keys cosign signs and verifies with, the signing password decrypted from settings.xml. */
    protected RegistryStack.SigningKeys signingKeys() throws MojoExecutionException {
        Optional<String> key = Optional.empty();
        Optional<String> password = Optional.empty();
        if ("cosign".equals(sign == null ? "" : sign.strip())) {
            String file = blank(signKey) ? null : signKey.strip();
            if (!blank(signServer)) {
                Server server = decrypted(settings.getServer(signServer.strip()), "the signing key's password");
                if (file == null) {
                    file = server.getPrivateKey();
                }
                password = Optional.ofNullable(server.getPassphrase() != null ? server.getPassphrase()
                        : server.getPassword());
            }
            if (blank(file)) {
                throw new MojoExecutionException("cip.signServer=" + signServer + ": its <server> has no "
                        + "<privateKey> and cip.signKey is not set: cosign needs a key");
            }
            key = Optional.of(file);
        }
        Optional<String> verify = verifySignatures ? Optional.of(verifyKey.strip())
                : Optional.empty();
        return new RegistryStack.SigningKeys(cosign, key, password, verify);
    }

    /** {@code server} with its secrets decrypted; {@code what} names the secret for the error. */
    private Server decrypted(Server server, String what) throws MojoExecutionException {
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new MojoExecutionException("cannot decrypt " + what + " of <server> " + server.getId()
                        + " in settings.xml: " + problem.getMessage());
            }
        }
        return result.getServer();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * The selected project images at their versions, parents first, from the graph as seen against
     * {@code registry}.
     */
    protected List<ImageVersion> selectImages(String registry) throws MojoFailureException {
        return ImageVersion.select(graph(registry), imageNames(), withAncestors, withDescendants);
    }

    /** The project's graph as seen against {@code registry}, its warnings logged once. */
    protected ImageGraph graph(String registry) throws MojoFailureException {
        Project project = scanProject();
        logWarnings(project);
        return ImageGraph.of(project, registry, buildArgMap());
    }

    /** {@code cip.images}, blanks dropped; empty: every image. */
    protected List<String> imageNames() {
        return images == null ? List.of()
                : images.stream().filter(n -> n != null && !n.isBlank()).map(String::strip).toList();
    }
}
