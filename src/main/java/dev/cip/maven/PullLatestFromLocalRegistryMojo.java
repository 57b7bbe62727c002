package dev.cip.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import javax.inject.Inject;

/**
 * For each image present in {@code cip.localRegistry} at its version: {@code docker pull} it and tag it
 * {@code latest} in the local Docker store. Missing images are logged, not errors.
 *
 * <p>Use it to run the images you published locally with plain {@code docker run <name>:latest}.
 */
@Mojo(name = "pull-latest-from-local-registry", threadSafe = true)
public class PullLatestFromLocalRegistryMojo extends AbstractPullMojo {

    @Inject
    public PullLatestFromLocalRegistryMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    protected String goalName() {
        return "pull-latest-from-local-registry";
    }

    @Override
    protected String registry() throws MojoFailureException {
        return localRegistry.strip();
    }
}
