package dev.cip.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import javax.inject.Inject;

/**
 * For each image present in {@code cip.remoteRegistry} at its version: {@code docker pull} it and tag it
 * {@code latest} in the local Docker store. Missing images are logged, not errors.
 *
 * <p>Use it to get what CI published onto a workstation:
 * {@code mvn cip:pull-latest-from-remote-registry -Dcip.remoteRegistry=registry.example.com/team}.
 */
@Mojo(name = "pull-latest-from-remote-registry", threadSafe = true)
public class PullLatestFromRemoteRegistryMojo extends AbstractPullMojo {

    @Inject
    public PullLatestFromRemoteRegistryMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    protected String goalName() {
        return "pull-latest-from-remote-registry";
    }

    @Override
    protected String registry() throws MojoFailureException {
        return requireRemoteRegistry();
    }
}
