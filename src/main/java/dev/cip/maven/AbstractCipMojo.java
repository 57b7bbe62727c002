package dev.cip.maven;

import dev.cip.context.InvalidProjectException;
import dev.cip.context.Project;
import dev.cip.context.ProjectScanner;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters and helpers shared by every cip goal. Mojos stay thin: they read parameters and call the core.
 */
public abstract class AbstractCipMojo extends AbstractMojo {

    /** The directory holding {@code contexts/}. */
    @Parameter(property = "cip.projectDir", defaultValue = "${project.basedir}", required = true)
    protected File projectDir;

    /** The local registry, reached over plain HTTP when it is on loopback. */
    @Parameter(property = "cip.localRegistry", defaultValue = "localhost:5000", required = true)
    protected String localRegistry;

    /** The remote registry, {@code host[:port][/path]}; required by the goals that use it. */
    @Parameter(property = "cip.remoteRegistry")
    protected String remoteRegistry;

    /** Where reports and per-image logs go. */
    @Parameter(property = "cip.reportDir", defaultValue = "${project.build.directory}/cip", required = true)
    protected File reportDir;

    /** Plan or diff only: nothing is built, pushed or written. */
    @Parameter(property = "cip.dryRun", defaultValue = "false")
    protected boolean dryRun;

    /**
     * Build arguments added to every build, each {@code KEY=VALUE} like {@code docker --build-arg}: in the POM
     * {@code <buildArgs><buildArg>KEY=VALUE</buildArg></buildArgs>}, on the command line comma-separated. They also
     * take part in resolving the Dockerfiles' references, as they do when building.
     */
    @Parameter(property = "cip.buildArgs")
    protected List<String> buildArgs;

    /** Skips the goal. */
    @Parameter(property = "cip.skip", defaultValue = "false")
    protected boolean skip;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("cip: skipped (cip.skip=true)");
            return;
        }
        try {
            run();
        } catch (InvalidProjectException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    /** The goal's work. */
    protected abstract void run() throws MojoExecutionException, MojoFailureException;

    /** Reads and validates the project; every problem is reported together. */
    protected Project scanProject() {
        return new ProjectScanner().scan(projectDir.toPath().toAbsolutePath().normalize());
    }

    /** {@code cip.buildArgs} as an ordered map. */
    protected Map<String, String> buildArgMap() throws MojoFailureException {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : buildArgs == null ? List.<String>of() : buildArgs) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new MojoFailureException("cip.buildArgs entry '" + entry + "' is not of the form KEY=VALUE");
            }
            map.put(entry.substring(0, eq).strip(), entry.substring(eq + 1));
        }
        return map;
    }

    /** Logs the project's warnings once. */
    protected void logWarnings(Project project) {
        project.warnings().forEach(w -> getLog().warn(w.toString()));
    }

    /** The remote registry, or a failure naming the property to set. */
    protected String requireRemoteRegistry() throws MojoFailureException {
        if (remoteRegistry == null || remoteRegistry.isBlank()) {
            throw new MojoFailureException("No remote registry is set: set the property cip.remoteRegistry "
                    + "(e.g. -Dcip.remoteRegistry=registry.example.com/team or <cip.remoteRegistry> in the POM's "
                    + "<properties>)");
        }
        return remoteRegistry.strip();
    }
}
