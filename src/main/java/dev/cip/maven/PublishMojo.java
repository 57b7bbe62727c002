package dev.cip.maven;

import dev.cip.plan.Goal;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import javax.inject.Inject;

/** {@code cip:publish}: builds what is missing from the remote registry, for all platforms, and pushes it. */
@Mojo(name = "publish", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PublishMojo extends AbstractBuildMojo {

    @Inject
    public PublishMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    protected Goal goal() {
        return Goal.PUBLISH;
    }
}
