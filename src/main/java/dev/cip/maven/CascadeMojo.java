package dev.cip.maven;

import dev.cip.cascade.BumpLevel;
import dev.cip.cascade.Cascade;
import dev.cip.cascade.CascadeOptions;
import dev.cip.cascade.CascadePlan;
import dev.cip.cascade.CascadeWriteException;
import dev.cip.cascade.FileReplacer;
import dev.cip.cascade.UnifiedDiff;
import dev.cip.context.Project;
import dev.cip.context.ProjectLock;
import dev.cip.context.Setting;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves every internal reference (FROM, COPY --from, RUN --mount from) to its parent's current version and raises the
 * version of every image whose references changed, once, transitively. All files are replaced together or not at all;
 * {@code -Dcip.dryRun} prints the unified diff instead. References are resolved with {@code REGISTRY} set to
 * {@code cip.localRegistry} (Dockerfiles that use {@code ${REGISTRY}} resolve the same way against any registry).
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
        if (level() == BumpLevel.PARENT && bumpImage != null && !bumpImage.isBlank()) {
            throw new MojoFailureException("cip.bumpImage=" + bumpImage.strip() + " needs a concrete level: set "
                    + "cip.bump to patch, minor or major (parent applies only to images raised because a parent "
                    + "changed)");
        }
    }

    private BumpLevel level() throws MojoFailureException {
        return BumpLevel.parse(bump).orElseThrow(() -> new MojoFailureException(
                "cip.bump=" + bump + " is not a bump level; use one of " + BumpLevel.names()));
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        BumpLevel level = level();
        Map<String, String> args = buildArgMap();
        CascadeOptions options = new CascadeOptions(level, Optional.ofNullable(bumpImage), localRegistry.strip(), args);
        Path dir = projectDir.toPath().toAbsolutePath().normalize();
        if (dryRun) {
            // Reads only; no lock, so a dry run works in a read-only checkout too.
            Project project = scanProject();
            logWarnings(project);
            CascadePlan plan = new Cascade().plan(project, options);
            Path diffFile = reportDir.toPath().toAbsolutePath().normalize().resolve(DIFF_FILE);
            if (plan.isEmpty()) {
                deleteStaleDiff(diffFile);
                getLog().info("cip: nothing to cascade; every internal reference is current");
                return;
            }
            String diff = UnifiedDiff.render(dir, plan.changes());
            diff.lines().forEach(getLog()::info);
            plan.summary(MavenHelpfulSuggestions.property(Setting.BUMP_IMAGE))
                    .forEach(line -> getLog().info("would raise " + line));
            writeDiff(diffFile, diff);
            getLog().info("cip: dry run; nothing was written in the project. The diff is in " + diffFile
                    + "; apply it with: git apply " + diffFile + " (from " + dir + ")");
            return;
        }
        long start = System.nanoTime();
        ProjectLock lock;
        try {
            lock = ProjectLock.acquire(dir, "cip:cascade");
        } catch (ProjectLock.LockedException e) {
            throw new MojoExecutionException(e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot lock the project (" + dir.resolve(ProjectLock.FILE_NAME)
                    + "): " + e.getMessage() + "; check that the project directory is writable", e);
        }
        try {
            long locked = System.nanoTime();
            Project project = scanProject();
            logWarnings(project);
            long scanned = System.nanoTime();
            CascadePlan plan = new Cascade().plan(project, options);
            long planned = System.nanoTime();
            if (plan.isEmpty()) {
                getLog().info("cip: nothing to cascade; every internal reference is current");
                return;
            }
            new FileReplacer().replaceAll(plan.changes());
            getLog().debug(String.format("cip: lock %d ms, scan %d ms, plan %d ms, write %d ms",
                    (locked - start) / 1_000_000, (scanned - locked) / 1_000_000, (planned - scanned) / 1_000_000,
                    (System.nanoTime() - planned) / 1_000_000));
            plan.summary(MavenHelpfulSuggestions.property(Setting.BUMP_IMAGE)).forEach(getLog()::info);
            getLog().info("cip: raised " + plan.bumps().size() + (plan.bumps().size() == 1 ? " image, " : " images, ")
                    + plan.changes().size() + " files replaced in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (CascadeWriteException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } finally {
            try {
                lock.close();
            } catch (IOException e) {
                getLog().warn("Could not remove the lock file " + lock.file() + ": " + e.getMessage()
                        + "; it is harmless (the lock itself is released) and can be deleted");
            }
        }
    }

    /** Writes the diff byte for byte (CRLF lines stay CRLF), so that {@code git apply} applies it. */
    private void writeDiff(Path file, String diff) throws MojoExecutionException {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, diff, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MojoExecutionException("cip:cascade cannot write the dry-run diff to " + file + " ("
                    + e.getMessage() + "); set cip.reportDir to a writable directory", e);
        }
    }

    /** A diff of an earlier dry run would no longer apply: it goes. */
    private void deleteStaleDiff(Path file) throws MojoExecutionException {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new MojoExecutionException("cip:cascade cannot remove the old dry-run diff " + file + " ("
                    + e.getMessage() + ")", e);
        }
    }
}
