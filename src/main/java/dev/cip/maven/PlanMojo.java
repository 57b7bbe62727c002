package dev.cip.maven;

import dev.cip.plan.Goal;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import javax.inject.Inject;

/**
 * {@code cip:plan}: prints what {@code cip.planFor} would do and why, and writes {@code plan.json}; changes nothing.
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
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("cip.planFor=" + planFor + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected boolean planOnly() {
        return true;
    }
}
