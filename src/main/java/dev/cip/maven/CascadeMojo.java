package dev.cip.maven;

import dev.cip.app.CascadeRun;
import dev.cip.cascade.BumpLevel;
import dev.cip.cascade.CascadeOptions;
import dev.cip.cascade.CascadeWriteException;
import dev.cip.context.ProjectLock;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.IOException;
import java.util.Optional;

/**
 * After a base image changed: points every internal reference ({@code FROM}, {@code COPY --from},
 * {@code RUN --mount=…,from=}) at its parent's current version and raises the version of every image whose references
 * changed, once, transitively. All files are replaced together or not at all; {@code -Dcip.dryRun} prints the unified
 * diff (also written to {@code cascade.diff}) and changes nothing. References are resolved with {@code REGISTRY} set to {@code cip.localRegistry}.
 *
 * <p>Use it after editing an image: {@code mvn cip:cascade -Dcip.bumpImage=base} raises base and every descendant;
 * then commit and publish.
 */
@Mojo(name = "cascade", threadSafe = true)
public class CascadeMojo extends AbstractCipMojo {

    /** How much each changed image is raised: patch, minor, major, or parent (as much as its parents changed). */
    @Parameter(property = "cip.bump", defaultValue = "patch")
    protected String bump;

    /** An image to raise first (at {@code cip.bump}, which must then be patch, minor or major) before cascading. */
    @Parameter(property = "cip.bumpImage")
    protected String bumpImage;

    /** The file, in {@code cip.reportDir}, that a dry run writes its unified diff to. */
    static final String DIFF_FILE = "cascade.diff";

    @Override
    protected void checkParameters() throws MojoFailureException {
        super.checkParameters();
        level();
    }

    private BumpLevel level() throws MojoFailureException {
        return BumpLevel.parse(bump).orElseThrow(() -> new MojoFailureException(
                "cip.bump=" + bump + " is not a bump level; use one of " + BumpLevel.names()));
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        CascadeOptions options = new CascadeOptions(level(), Optional.ofNullable(bumpImage), localRegistry.strip(),
                buildArgMap());
        CascadeRun cascade = new CascadeRun(projectDir.toPath(), options, console(),
                MavenHelpfulSuggestions::property);
        try {
            if (dryRun) {
                cascade.dryRun(reportDir.toPath().toAbsolutePath().normalize().resolve(DIFF_FILE));
            } else {
                cascade.write();
            }
        } catch (ProjectLock.LockedException | CascadeWriteException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("cip:cascade: " + e.getMessage()
                    + (dryRun ? "; set cip.reportDir to a writable directory" : ""), e);
        }
    }
}
