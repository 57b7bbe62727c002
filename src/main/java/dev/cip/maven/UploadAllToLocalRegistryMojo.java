package dev.cip.maven;

import dev.cip.mirror.ImageOutcomes;
import dev.cip.app.RegistryStack;

import dev.cip.mirror.ImageVersion;
import dev.cip.mirror.RegistryMirror;
import dev.cip.registry.RegistryException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import javax.inject.Inject;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Copies every project image at its version from {@code cip.remoteRegistry} to {@code cip.localRegistry} with all its
 * platforms (index, every manifest including attestations, configs, layers), tagged {@code <version>} and
 * {@code latest}. Images already there are skipped; images missing from the remote registry are listed and make the
 * goal fail once the others are copied.
 *
 * <p>Use it to work offline or to seed a local registry with what CI published:
 * {@code mvn cip:upload-all-to-local-registry -Dcip.remoteRegistry=registry.example.com/team}.
 */
@Mojo(name = "upload-all-to-local-registry", threadSafe = true)
public class UploadAllToLocalRegistryMojo extends AbstractRegistryMojo {

    @Inject
    public UploadAllToLocalRegistryMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    protected void checkParameters() throws MojoFailureException {
        super.checkParameters();
        refuseOffline(requireRemoteRegistry(), localRegistry);
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String remote = requireRemoteRegistry();
        String local = localRegistry.strip();
        List<ImageVersion> selected = selectImages(remote);
        getLog().info("cip upload-all-to-local-registry: " + selected.size() + " image(s) from " + remote + " to "
                + local + (dryRun ? " (dry run: nothing is copied)" : ""));
        ImageOutcomes<RegistryMirror.CopyStatus, RegistryMirror.ImageCopy> outcome;
        try (RegistryStack access = registryAccess()) {
            outcome = new RegistryMirror(access.client(), console()).upload(remote, local, selected, dryRun);
        } catch (RegistryException e) {
            throw Failures.of(e);
        }
        int copied = outcome.with(RegistryMirror.CopyStatus.COPIED).size();
        int skipped = outcome.with(RegistryMirror.CopyStatus.SKIPPED).size();
        getLog().info("cip upload-all-to-local-registry: " + copied + (dryRun ? " to copy, " : " copied, ")
                + skipped + " skipped, " + outcome.with(RegistryMirror.CopyStatus.MISSING).size() + " missing, "
                + outcome.with(RegistryMirror.CopyStatus.FAILED).size() + " failed");
        if (outcome.succeeded()) {
            return;
        }
        StringBuilder sb = new StringBuilder("cip upload-all-to-local-registry did not copy every image:\n");
        List<RegistryMirror.ImageCopy> missing = outcome.with(RegistryMirror.CopyStatus.MISSING);
        if (!missing.isEmpty()) {
            sb.append("  missing from ").append(remote).append(": ")
                    .append(missing.stream().map(o -> o.image().toString()).collect(Collectors.joining(", ")))
                    .append("\n  (publish them first with mvn cip:publish, or leave them out with -Dcip.images)\n");
        }
        for (RegistryMirror.ImageCopy f : outcome.with(RegistryMirror.CopyStatus.FAILED)) {
            sb.append("  failed: ").append(f.image()).append(": ").append(f.detail()).append('\n');
        }
        int done = copied + skipped;
        sb.append("  ").append(done).append(" other image(s) ").append(dryRun ? "would be" : "were")
                .append(" copied or already present.");
        throw new MojoFailureException(sb.toString());
    }
}
