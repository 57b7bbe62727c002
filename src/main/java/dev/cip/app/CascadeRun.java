package dev.cip.app;

import dev.cip.cascade.Cascade;
import dev.cip.cascade.CascadeOptions;
import dev.cip.cascade.CascadePlan;
import dev.cip.cascade.FileReplacer;
import dev.cip.cascade.UnifiedDiff;
import dev.cip.context.Context;
import dev.cip.context.InfoEdnReader;
import dev.cip.context.Project;
import dev.cip.context.ProjectLock;
import dev.cip.context.ProjectScanner;
import dev.cip.context.Setting;
import dev.cip.engine.GitFacts;
import dev.cip.files.AtomicFiles;
import dev.cip.process.ProcessRunner;
import dev.cip.report.Console;
import dev.cip.report.RunReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One cascade: every internal reference moved to its parent's current version and every image whose references
 * changed raised once, transitively. {@link #write} replaces all files together under the project lock;
 * {@link #dryRun} only reads, and leaves the unified diff in a file that {@code git apply} applies.
 */
public final class CascadeRun {
    private final Path projectDir;
    private final Console console;
    private final Function<Setting, String> settingNames;
    private final Wording wording;
    private final Function<Project, CascadePlan> planner;

    /**
     * How a run that writes a cascade speaks of itself.
     *
     * @param goal    the goal, for the lock file ({@code cip:cascade})
     * @param nothing what is said when nothing changes
     * @param lines   one line per raised image
     */
    record Wording(String goal, String nothing, Function<CascadePlan, List<String>> lines) {
    }

    /** @param settingNames how the adapter names a setting in a message (e.g. {@code cip.bumpImage}) */
    public CascadeRun(Path projectDir, CascadeOptions options, Console console,
                      Function<Setting, String> settingNames) {
        this(projectDir, console, settingNames, new Wording("cip:cascade",
                "cip: nothing to cascade; every internal reference is current",
                plan -> plan.summary(settingNames.apply(Setting.BUMP_IMAGE))),
                project -> new Cascade().plan(project, options.withBaseline(committedVersions(projectDir, project))));
    }

    /** A run whose cascade {@code planner} computes from the project as scanned. */
    CascadeRun(Path projectDir, Console console, Function<Setting, String> settingNames, Wording wording,
               Function<Project, CascadePlan> planner) {
        this.projectDir = projectDir.toAbsolutePath().normalize();
        this.console = console;
        this.settingNames = settingNames;
        this.wording = wording;
        this.planner = planner;
    }

    /**
     * Prints what the cascade would change and writes its diff to {@code diffFile} (a diff of an earlier dry run,
     * which would no longer apply, is removed when there is nothing to cascade). Takes no lock, so it works in a
     * read-only checkout.
     */
    public CascadePlan dryRun(Path diffFile) throws IOException {
        RunReport.refuseLink(diffFile);
        CascadePlan plan = plan();
        if (plan.isEmpty()) {
            try {
                Files.deleteIfExists(diffFile);
            } catch (IOException e) {
                throw new IOException("cannot remove the old dry-run diff " + diffFile + " (" + e.getMessage() + ")",
                        e);
            }
            console.info(wording.nothing());
            return plan;
        }
        String diff = UnifiedDiff.render(projectDir, plan.changes());
        diff.lines().forEach(console::info);
        wording.lines().apply(plan).forEach(line -> console.info("would raise " + line));
        try {
            // byte for byte (CRLF lines stay CRLF), so that git apply applies it; replaced, never written through
            AtomicFiles.write(diffFile, diff);
        } catch (IOException e) {
            throw new IOException("cannot write the dry-run diff to " + diffFile + " (" + e.getMessage() + ")", e);
        }
        console.info("cip: dry run; nothing was written in the project. The diff is in " + diffFile
                + "; apply it with: git apply " + diffFile + " (from " + projectDir + ")");
        return plan;
    }

    /**
     * Replaces every file of the cascade at once, or none, holding the project lock.
     *
     * @throws ProjectLock.LockedException          when another cip run holds the project
     * @throws dev.cip.cascade.CascadeWriteException when the files cannot be replaced (none was)
     */
    public CascadePlan write() throws IOException {
        long start = System.nanoTime();
        ProjectLock lock;
        try {
            lock = ProjectLock.acquire(projectDir, wording.goal());
        } catch (IOException e) {
            throw new IOException("Cannot lock the project (" + projectDir.resolve(ProjectLock.FILE_NAME) + "): "
                    + e.getMessage() + "; check that the project directory is writable", e);
        }
        try {
            long locked = System.nanoTime();
            CascadePlan plan = plan();
            long planned = System.nanoTime();
            if (plan.isEmpty()) {
                console.info(wording.nothing());
                return plan;
            }
            new FileReplacer().replaceAll(plan.changes());
            console.debug(String.format("cip: lock %d ms, scan and plan %d ms, write %d ms",
                    (locked - start) / 1_000_000, (planned - locked) / 1_000_000,
                    (System.nanoTime() - planned) / 1_000_000));
            wording.lines().apply(plan).forEach(console::info);
            console.info("cip: raised " + plan.bumps().size() + (plan.bumps().size() == 1 ? " image, " : " images, ")
                    + plan.changes().size() + " files replaced in " + (System.nanoTime() - start) / 1_000_000
                    + " ms");
            return plan;
        } finally {
            try {
                lock.close();
            } catch (IOException e) {
                console.warn("Could not remove the lock file " + lock.file() + ": " + e.getMessage()
                        + "; it is harmless (the lock itself is released) and can be deleted");
            }
        }
    }

    private CascadePlan plan() {
        Project project = new ProjectScanner().scan(projectDir);
        project.warnings().forEach(w -> console.warn(w.describe(settingNames)));
        return planner.apply(project);
    }

    /**
     * The {@code :version} of each image at the last commit, read by git (nothing outside a git work tree): an image
     * already raised since is not raised again, so running the same bump twice, or cascading after bumping by hand,
     * never raises an image twice.
     */
    private static Map<String, String> committedVersions(Path projectDir, Project project) {
        Map<String, String> versions = new HashMap<>();
        try (ProcessRunner runner = new ProcessRunner()) {
            GitFacts git = new GitFacts(runner, "git");
            if (!git.inWorkTree(projectDir)) {
                return Map.of();
            }
            Map<String, Context> byFile = new HashMap<>();
            for (Context context : project.contexts()) {
                byFile.put(projectDir.relativize(context.infoPath().toAbsolutePath().normalize()).toString(), context);
            }
            git.committed(projectDir, List.copyOf(byFile.keySet())).forEach((file, text) ->
                    new InfoEdnReader().parse(byFile.get(file).infoPath(), text).info()
                            .ifPresent(i -> versions.put(byFile.get(file).imageName(), i.version())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
        return versions;
    }
}
