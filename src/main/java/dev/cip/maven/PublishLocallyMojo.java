package dev.cip.maven;

import dev.cip.plan.Goal;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import javax.inject.Inject;

/** {@code cip:publish-locally}: builds what is missing from the local registry, for the local platform, and pushes it. */
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
