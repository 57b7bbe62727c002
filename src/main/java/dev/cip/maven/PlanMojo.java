package dev.cip.maven;

import dev.cip.failure.InvalidSetting;
import dev.cip.plan.Goal;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import javax.inject.Inject;

/**
 * Prints what {@code cip.planFor} ({@code publish-locally}, {@code publish} or {@code build}) would do for each image:
 * build (and why: new version, changed content, missing platform), skip, release what is staged, or blocked. Writes
 * {@code plan.json}, {@code report.json}, the graph and the {@code bake.json} the build would run; builds, pushes
 * and tags nothing.
 *
 * <p>Use it before a publish, or to read the bake file by hand:
 * {@code mvn cip:plan -Dcip.planFor=publish -Dcip.remoteRegistry=registry.example.com/team}.
 */
@Mojo(name = "plan", threadSafe = true)
public class PlanMojo extends AbstractBuildMojo {

    /** The goal to plan for: {@code publish-locally}, {@code publish} or {@code build}. */
    @Parameter(property = "cip.planFor", defaultValue = "publish-locally")
    protected String planFor;

    @Inject
    public PlanMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    protected Goal goal() throws MojoFailureException {
        try {
            return Goal.fromId(planFor == null ? "" : planFor.strip());
        } catch (InvalidSetting e) {
            throw new MojoFailureException("cip.planFor=" + planFor + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected boolean planOnly() {
        return true;
    }
}
