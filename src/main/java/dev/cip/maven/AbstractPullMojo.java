package dev.cip.maven;

import dev.cip.mirror.ImageOutcomes;
import dev.cip.app.RegistryStack;

import dev.cip.process.DockerUnavailableException;
import dev.cip.mirror.ImageVersion;
import dev.cip.mirror.LatestPuller;
import dev.cip.registry.RegistryException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import java.util.List;

/** The two pull goals kept from the original tool: {@code docker pull} each image present in a registry, then tag it latest. */
public abstract class AbstractPullMojo extends AbstractRegistryMojo {

    protected AbstractPullMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    /** The goal's name, for messages. */
    protected abstract String goalName();

    /** The registry to pull from. */
    protected abstract String registry() throws MojoFailureException;

    @Override
    protected void checkParameters() throws MojoFailureException {
        super.checkParameters();
        Checks.writableDirectory(goalName(), "cip.reportDir", reportDir);
        refuseOffline(registry());
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String registry = registry();
        String goal = goalName();
        List<ImageVersion> selected = selectImages(registry);
        ImageOutcomes<LatestPuller.PullStatus, LatestPuller.ImagePull> outcome;
        try (RegistryStack access = registryAccess(registry)) {
            outcome = new LatestPuller(access.client(), docker, access.dockerEnvironment(),
                    reportDir.toPath().toAbsolutePath().resolve("logs"), console()).pull(registry, selected, dryRun);
        } catch (RegistryException e) {
            throw Failures.of(e);
        } catch (DockerUnavailableException e) {
            throw new MojoExecutionException(MavenHelpfulSuggestions.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("cip " + goal + " was interrupted", e);
        }
        getLog().info("cip " + goal + ": " + outcome.with(LatestPuller.PullStatus.PULLED).size()
                + (dryRun ? " to pull, " : " pulled, ") + outcome.with(LatestPuller.PullStatus.MISSING).size()
                + " missing from " + registry + ", " + outcome.with(LatestPuller.PullStatus.FAILED).size() + " failed");
        if (!outcome.succeeded()) {
            StringBuilder sb = new StringBuilder("cip " + goal + " failed:\n");
            for (LatestPuller.ImagePull f : outcome.with(LatestPuller.PullStatus.FAILED)) {
                sb.append("  - ").append(f.image()).append(": ").append(f.detail()).append('\n');
            }
            sb.append("Check that docker can reach ").append(registry).append(" and run again.");
            throw new MojoExecutionException(sb.toString());
        }
    }
}
