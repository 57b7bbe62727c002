package dev.cip.maven;

import dev.cip.app.RegistryStack;

import dev.cip.report.Console;
import dev.cip.context.Project;
import dev.cip.graph.ImageGraph;
import dev.cip.mirror.ImageVersion;
import org.apache.maven.plugin.MojoExecutionException;
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

    protected AbstractImageSetMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

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
        java.util.Optional<String> key = java.util.Optional.empty();
        java.util.Optional<String> password = java.util.Optional.empty();
        if ("cosign".equals(sign == null ? "" : sign.strip())) {
            String file = blank(signKey) ? null : signKey.strip();
            if (!blank(signServer)) {
                org.apache.maven.settings.Server server = decrypted(signServer.strip());
                if (file == null) {
                    file = server.getPrivateKey();
                }
                password = java.util.Optional.ofNullable(server.getPassphrase() != null ? server.getPassphrase()
                        : server.getPassword());
            }
            if (blank(file)) {
                throw new MojoExecutionException("cip.signServer=" + signServer + ": its <server> has no "
                        + "<privateKey> and cip.signKey is not set: cosign needs a key");
            }
            key = java.util.Optional.of(file);
        }
        java.util.Optional<String> verify = verifySignatures ? java.util.Optional.of(verifyKey.strip())
                : java.util.Optional.empty();
        return new RegistryStack.SigningKeys(cosign, key, password, verify);
    }

    private org.apache.maven.settings.Server decrypted(String id) throws MojoExecutionException {
        org.apache.maven.settings.Server server = settings.getServer(id);
        org.apache.maven.settings.crypto.SettingsDecryptionResult result = decrypter.decrypt(
                new org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest(server));
        for (org.apache.maven.settings.building.SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != org.apache.maven.settings.building.SettingsProblem.Severity.WARNING) {
                throw new MojoExecutionException("cannot decrypt the signing key's password of <server> " + id
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
        Project project = scanProject();
        logWarnings(project);
        ImageGraph graph = ImageGraph.of(project, registry, buildArgMap());
        List<String> names = images == null ? List.of()
                : images.stream().filter(n -> n != null && !n.isBlank()).map(String::strip).toList();
        try {
            return ImageVersion.select(graph, names, withAncestors, withDescendants);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }
}
