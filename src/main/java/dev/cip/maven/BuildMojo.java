package dev.cip.maven;

import dev.cip.plan.Goal;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import javax.inject.Inject;

/**
 * Builds, for this machine's platform, every image of the project that is missing from the local Docker store, and
 * loads it there tagged {@code <localRegistry>/<name>:<version>}, {@code latest} and the extra tags. Parents are built
 * before their children, independent images in parallel, all in one {@code docker buildx bake}; images already in
 * the store are skipped, so a second run builds nothing.
 *
 * <p>Use it on a workstation to try images without any registry, for example
 * {@code mvn cip:build -Dcip.images=web -Dcip.withAncestors}. Bound to {@code package} when declared as an execution.
 */
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
