package dev.cip.maven;

import dev.cip.plan.Goal;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import javax.inject.Inject;

/**
 * Builds, for this machine's platform, every image missing from the local registry ({@code cip.localRegistry},
 * default {@code localhost:5000}) and pushes it there. Each image is pushed under a staging tag first; its
 * {@code <version>}, {@code latest} and extra tags are written only at the end of the run, parents first, so a failed
 * or interrupted run never leaves a half-moved release. A second run builds nothing.
 *
 * <p>Use it to try a change against a registry on your machine before CI publishes it:
 * {@code mvn cip:publish-locally}. Bound to {@code install} when declared as an execution.
 */
@Mojo(name = "publish-locally", defaultPhase = LifecyclePhase.INSTALL, threadSafe = true)
public class PublishLocallyMojo extends AbstractBuildMojo {

    @Inject
    public PublishLocallyMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    protected Goal goal() {
        return Goal.PUBLISH_LOCALLY;
    }
}
