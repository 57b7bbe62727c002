package dev.cip.maven;

import dev.cip.app.RegistryStack;
import dev.cip.app.ReleaseAndSign;
import dev.cip.app.ReleaseRun;

import dev.cip.oci.Platform;
import dev.cip.release.ReleaseImage;
import dev.cip.release.ReleaseMode;
import dev.cip.registry.RegistryException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import java.io.IOException;
import javax.inject.Inject;
import java.util.List;

/**
 * Finishes a sharded publish: for every selected image whose wanted platforms are all staged in the registry (by any
 * number of {@code cip:publish -Dcip.stage=…} runs, on any machines), assembles the multi-platform index from the
 * staged manifests and their attestations, then tags {@code <version>}, {@code latest} and the extra tags (info.edn
 * {@code :tags}, {@code cip.extraTags}), parents before children, in one last pass after everything was checked.
 * Releasing again changes nothing.
 *
 * <p>Use it in the last CI job, after every shard: {@code mvn cip:release -Dcip.remoteRegistry=registry.example.com/team};
 * it fails naming each image and the platform still missing.
 */
@Mojo(name = "release", threadSafe = true)
public class ReleaseMojo extends AbstractRegistryMojo {

    /** {@code end}: release everything that can be, list the rest; {@code atomic}: tag nothing unless all can be. */
    @Parameter(property = "cip.release", defaultValue = "end")
    protected String release;

    /**
     * The goal whose staged images are released: {@code publish} (the remote registry, every wanted platform) or
     * {@code publish-locally} (the local registry, whatever platform was staged).
     */
    @Parameter(property = "cip.releaseFor", defaultValue = "publish")
    protected String releaseFor;

    /** The default platforms; {@code :platforms} in an image's info.edn replaces them for that image. */
    @Parameter(property = "cip.platforms", defaultValue = "linux/amd64,linux/arm64")
    protected List<String> platforms;

    /** Also tag every released image {@code latest}. */
    @Parameter(property = "cip.tagLatest", defaultValue = "true")
    protected boolean tagLatest;

    /**
     * Tags every released image gets too, besides {@code <version>}, {@code latest} and its info.edn {@code :tags};
     * e.g. a git short sha.
     */
    @Parameter(property = "cip.extraTags")
    protected List<String> extraTags;

    @Inject
    public ReleaseMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    private ReleaseMode mode;
    private boolean remote;
    private List<Platform> defaultPlatforms;
    private List<String> runTags = List.of();

    @Override
    protected void checkParameters() throws MojoFailureException {
        super.checkParameters();
        mode = ReleaseMode.parse(Checks.oneOf("cip.release", release, List.of("end", "atomic")));
        remote = Checks.oneOf("cip.releaseFor", releaseFor, List.of("publish", "publish-locally")).equals("publish");
        defaultPlatforms = Checks.platforms("cip.platforms", platforms);
        runTags = Checks.extraTags("cip.extraTags", extraTags);
        Checks.writableDirectory(goalName(), "cip.reportDir", reportDir);
        refuseOffline(remote ? requireRemoteRegistry() : localRegistry);
        checkSigning();
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String registry = remote ? requireRemoteRegistry() : localRegistry.strip();
        List<ReleaseImage> selected = ReleaseRun.select(graph(registry), imageNames(), withAncestors,
                withDescendants, remote, defaultPlatforms, runTags);
        getLog().info("cip release: " + selected.size() + " image(s) in " + registry + " (cip.release=" + mode.id()
                + (dryRun ? ", dry run: nothing is tagged" : "") + ")");
        ReleaseAndSign.Result result;
        try (RegistryStack access = registryAccess(registry)) {
            result = new ReleaseRun(access, registry, access.signing(signingKeys(), registry), console(),
                    reportDir.toPath(), environment).run(selected, mode, tagLatest, dryRun);
        } catch (IOException e) {
            throw new MojoExecutionException("cip release: " + e.getMessage(), e);
        } catch (RegistryException e) {
            throw Failures.of(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("cip release was interrupted", e);
        }
        if (!result.outcome().succeeded()) {
            throw new MojoFailureException(Failures.notReleased(result.outcome()));
        }
        if (!result.unsigned().isEmpty()) {
            StringBuilder sb = new StringBuilder("cip release: released, but not signed (cip.sign=cosign):");
            result.unsigned().forEach(u -> sb.append("\n  - ").append(u.reference()).append(": ")
                    .append(u.reason()));
            throw new MojoFailureException(sb.toString());
        }
    }
}
