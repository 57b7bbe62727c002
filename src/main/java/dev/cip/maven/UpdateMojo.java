package dev.cip.maven;

import dev.cip.failure.InvalidSetting;
import dev.cip.app.RegistryStack;
import dev.cip.app.UpdateRun;
import dev.cip.cascade.BumpLevel;
import dev.cip.cascade.CascadeOptions;
import dev.cip.cascade.CascadeWriteException;
import dev.cip.context.ProjectLock;
import dev.cip.plan.Goal;
import dev.cip.registry.RegistryException;
import dev.cip.registry.UpstreamResolver;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import javax.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code cip:update}: resolves every external reference upstream, moves the pins that moved, raises every published
 * image whose pins moved or whose content differs from its published version, and cascades it all, writing every file
 * at once (or, with {@code -Dcip.dryRun}, the diff). Writes {@code update.md} in {@code cip.reportDir}. Builds and
 * pushes nothing. Offline ({@code -o}) no upstream registry is asked and the pins stay as they are.
 */
@Mojo(name = "update", threadSafe = true)
public class UpdateMojo extends AbstractRegistryMojo {

    /** How much each stale image is raised: patch, minor, major, or parent (descendants: as much as parents). */
    @Parameter(property = "cip.bump", defaultValue = "patch")
    protected String bump;

    /** Also pin external references written without a digest ({@code FROM debian:bookworm-slim@sha256:…}). */
    @Parameter(property = "cip.pinUnpinned", defaultValue = "false")
    protected boolean pinUnpinned;

    /**
     * The goal whose registry holds the published versions compared with: {@code publish-locally}
     * ({@code cip.localRegistry}) or {@code publish} ({@code cip.remoteRegistry}), as {@code cip.planFor}.
     */
    @Parameter(property = "cip.updateFor", defaultValue = "publish-locally")
    protected String updateFor;

    /** The file, in {@code cip.reportDir}, a dry run writes its unified diff to. */
    static final String DIFF_FILE = "update.diff";
    /** The summary, in {@code cip.reportDir}. */
    static final String SUMMARY_FILE = "update.md";

    @Inject
    public UpdateMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    private Goal target() throws MojoFailureException {
        Goal goal;
        try {
            goal = Goal.fromId(updateFor == null ? "" : updateFor.strip());
        } catch (InvalidSetting e) {
            throw new MojoFailureException("cip.updateFor=" + updateFor + ": " + e.getMessage(), e);
        }
        if (goal == Goal.BUILD) {
            throw new MojoFailureException("cip.updateFor=build: cip:update compares with published versions; use "
                    + "publish-locally (cip.localRegistry) or publish (cip.remoteRegistry)");
        }
        return goal;
    }

    private BumpLevel level() throws MojoFailureException {
        return BumpLevel.parse(bump).orElseThrow(() -> new MojoFailureException(
                "cip.bump=" + bump + " is not a bump level; use one of " + BumpLevel.names()));
    }

    @Override
    protected void checkParameters() throws MojoFailureException {
        super.checkParameters();
        level();
        refuseOffline(registry());
        Checks.writableDirectory(goalName(), "cip.reportDir", reportDir);
    }

    private String registry() throws MojoFailureException {
        return target() == Goal.PUBLISH ? requireRemoteRegistry() : localRegistry.strip();
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String registry = registry();
        Path reports = reportDir.toPath().toAbsolutePath().normalize();
        UpdateRun.Options options = new UpdateRun.Options(new CascadeOptions(level(), Optional.empty(), registry,
                buildArgMap()), pinUnpinned, reports.resolve(SUMMARY_FILE));
        try (RegistryStack registries = registryAccess(registry)) {
            Optional<UpstreamResolver> upstream = offline() ? Optional.empty()
                    : Optional.of(new UpstreamResolver(registries.client(), UpdateRun.UPSTREAM_CONCURRENCY));
            UpdateRun update = new UpdateRun(projectDir.toPath().toAbsolutePath().normalize(), options,
                    registries.store(registry), upstream, console(), MavenHelpfulSuggestions::property);
            if (dryRun) {
                update.dryRun(reports.resolve(DIFF_FILE));
            } else {
                update.write();
            }
        } catch (UpdateRun.UpstreamFailure | ProjectLock.LockedException | CascadeWriteException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (RegistryException e) {
            throw Failures.of(e);
        } catch (IOException e) {
            throw new MojoExecutionException("cip:update: " + e.getMessage(), e);
        }
    }
}
