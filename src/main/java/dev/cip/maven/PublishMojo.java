package dev.cip.maven;

import dev.cip.plan.Goal;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import javax.inject.Inject;

/**
 * Builds every image missing from the remote registry ({@code cip.remoteRegistry}, required) for all its platforms
 * ({@code cip.platforms}, or {@code :platforms} in its info.edn) and pushes it. Images already published with every
 * platform are skipped. Tags move only at the end of the run ({@code cip.release}: {@code end} or {@code atomic}).
 * With {@code -Dcip.stage=<platform>} the run builds only that platform on this machine and stops before releasing;
 * {@code cip:release} finishes once every platform is staged (one CI job per native runner).
 *
 * <p>Use it in CI: {@code mvn cip:publish -Dcip.remoteRegistry=registry.example.com/team}. Bound to {@code deploy}
 * when declared as an execution (set {@code maven.deploy.skip} in an images-only project).
 */
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
