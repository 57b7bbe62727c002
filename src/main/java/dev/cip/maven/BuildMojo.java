package dev.cip.maven;

import dev.cip.plan.Goal;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import javax.inject.Inject;

/** {@code cip:build}: builds what is missing from the local Docker store, for the local platform, and loads it. */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildMojo extends AbstractBuildMojo {

    @Inject
    public BuildMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    protected Goal goal() {
        return Goal.BUILD;
    }
}
