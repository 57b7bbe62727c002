package dev.cip.maven;

import dev.cip.report.Console;

import dev.cip.context.InvalidProjectException;
import dev.cip.context.Project;
import dev.cip.context.ProjectLock;
import dev.cip.context.ProjectScanner;
import dev.cip.context.Validation;
import dev.cip.failure.UserFailure;
import dev.cip.process.DockerUnavailableException;
import dev.cip.registry.RegistryException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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

    /** The prefix of the one-per-property build arguments, {@code -Dcip.buildArg.NAME=value}, never split. */
    static final String BUILD_ARG_PREFIX = "cip.buildArg.";

    @Parameter(defaultValue = "${session}", readonly = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${plugin}", readonly = true)
    protected PluginDescriptor pluginDescriptor;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    protected MojoExecution mojoExecution;

    /** When this execution started: the time 0 of its trace, so that the parameters' checks are in it too. */
    private Instant started;

    /** When {@link #execute} was entered. */
    protected final Instant started() {
        return started;
    }

    /**
     * Runs the goal and gives every exception of the core its Maven kind by its type: a {@link UserFailure} or an
     * invalid project is the user's to fix, registry, docker and file-system trouble is the environment's, and
     * anything else is a bug of cip, said so (never passed off as the user's mistake).
     */
    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        started = Instant.now();
        if (skip) {
            getLog().info("cip: skipped (cip.skip=true)");
            return;
        }
        warnAboutUnknownProperties();
        try {
            checkParameters();
            run();
        } catch (UserFailure e) {
            throw Failures.of(e);
        } catch (InvalidProjectException e) {
            throw new MojoFailureException(MavenHelpfulSuggestions.describe(e), e);
        } catch (RegistryException e) {
            throw Failures.of(e);
        } catch (DockerUnavailableException e) {
            throw new MojoExecutionException(MavenHelpfulSuggestions.describe(e), e);
        } catch (ProjectLock.LockedException | UncheckedIOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof InterruptedException) {
                // an interruption the core could only pass on unchecked (from a lambda): Ctrl-C, not a bug
                throw new MojoExecutionException("cip " + goalName() + " was interrupted", e);
            }
            throw Failures.internalError(goalName(), e);
        }
    }

    /**
     * Checks the parameter values before any work, each failure naming its property; subclasses add their own
     * checks after calling this one.
     */
    protected void checkParameters() throws MojoFailureException {
        localRegistry = Checks.registry("cip.localRegistry", localRegistry);
        if (remoteRegistry != null && !remoteRegistry.isEmpty()) {
            remoteRegistry = Checks.registry("cip.remoteRegistry", remoteRegistry);
        }
        buildArgMap();
    }

    /** The goal's work. */
    protected abstract void run() throws MojoExecutionException, MojoFailureException;

    /** The goal's name, e.g. {@code publish-locally}. */
    protected String goalName() {
        if (mojoExecution != null && mojoExecution.getGoal() != null) {
            return mojoExecution.getGoal();
        }
        String simple = getClass().getSimpleName().replaceFirst("Mojo$", "");
        return simple.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** Warns about {@code -Dcip.*} properties that no parameter of the plugin reads. */
    private void warnAboutUnknownProperties() {
        if (session == null || pluginDescriptor == null) {
            return;
        }
        Set<String> given = KnownProperties.keys(List.of(session.getUserProperties(),
                session.getSystemProperties()));
        KnownProperties.warnings(given, KnownProperties.of(pluginDescriptor)).forEach(getLog()::warn);
    }

    /** Reads and validates the project; every problem is reported together. */
    protected Project scanProject() {
        return new ProjectScanner().scan(projectDir.toPath().toAbsolutePath().normalize());
    }

    /**
     * {@code cip.buildArgs} as an ordered map, then every {@code -Dcip.buildArg.NAME=value} (whose value is never
     * split at commas; it wins over a {@code cip.buildArgs} entry of the same name).
     */
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
            map.put(buildArgName("cip.buildArgs entry '" + entry + "'", entry.substring(0, eq).strip()),
                    entry.substring(eq + 1));
        }
        if (session != null) {
            Map<String, String> single = new TreeMap<>();
            session.getUserProperties().forEach((k, v) -> {
                String key = String.valueOf(k);
                if (key.startsWith(BUILD_ARG_PREFIX) && key.length() > BUILD_ARG_PREFIX.length()) {
                    single.put(key.substring(BUILD_ARG_PREFIX.length()), String.valueOf(v));
                }
            });
            for (Map.Entry<String, String> e : single.entrySet()) {
                map.put(buildArgName("-D" + BUILD_ARG_PREFIX + e.getKey(), e.getKey()), e.getValue());
            }
        }
        return map;
    }

    private static String buildArgName(String where, String name) throws MojoFailureException {
        if (!Validation.isArgName(name)) {
            throw new MojoFailureException(where + ": '" + name + "' is not a build argument name (letters, digits "
                    + "and '_', not starting with a digit)");
        }
        return name;
    }

    /** Logs the project's warnings once. */
    protected void logWarnings(Project project) {
        project.warnings().forEach(w -> getLog().warn(MavenHelpfulSuggestions.describe(w)));
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

    /** The core's console, written to this goal's log. */
    protected Console console() {
        return new Console() {
            @Override
            public void info(String line) {
                getLog().info(line);
            }

            @Override
            public void warn(String line) {
                getLog().warn(line);
            }

            @Override
            public void error(String line) {
                getLog().error(line);
            }

            @Override
            public void debug(String line) {
                getLog().debug(line);
            }
        };
    }
}
