package dev.cip.engine;

import dev.cip.concurrent.Parallel;
import dev.cip.graph.ImageGraph;
import dev.cip.plan.Plan;
import dev.cip.process.ProcessRunner;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The OCI labels cip gives the images it builds, besides the fingerprint: when, from where, at which commit. */
public final class OciLabels {
    private OciLabels() {
    }

    /**
     * The OCI labels of a run.
     *
     * @param run      the labels of every image ({@code created}, {@code source})
     * @param perImage the labels of each image to build (its git {@code revision}), by name
     */
    public record Found(Map<String, String> run, Map<String, Map<String, String>> perImage) {
    }

    /**
     * The OCI labels of the run ({@code created}, {@code source}) and of each image to build (its git
     * {@code revision}). Git is asked only when the project is in a git work tree; what it cannot tell is left out.
     * The fingerprint never depends on them.
     */
    static Found of(RunConfig.ImageOptions image, Instant goalStart, Path projectDir, Plan plan, ImageGraph graph)
            throws InterruptedException {
        Map<String, String> run = new LinkedHashMap<>();
        Map<String, Map<String, String>> perImage = new LinkedHashMap<>();
        if (image.created()) {
            run.put(BakeDefinition.CREATED_LABEL, goalStart.truncatedTo(ChronoUnit.SECONDS)
                    .toString());
        }
        try (ProcessRunner runner = new ProcessRunner()) {
            GitFacts git = new GitFacts(runner, "git");
            Optional<String> source = image.source().filter(v -> !v.isBlank())
                    .map(GitFacts::withoutCredentials);
            boolean inGit = git.inWorkTree(projectDir);
            if (source.isEmpty() && inGit) {
                source = git.originUrl(projectDir);
            }
            source.ifPresent(v -> run.put(BakeDefinition.SOURCE_LABEL, v));
            if (inGit) {
                Map<String, Map<String, String>> found = new ConcurrentHashMap<>();
                Parallel.forEach("cip-git", 4, plan.toBuild(), built -> {
                    try {
                        git.revision(graph.node(built.name()).context().directory()).ifPresent(r ->
                                found.put(built.name(), Map.of(BakeDefinition.REVISION_LABEL, r)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, () -> { });
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while reading git revisions");
                }
                perImage.putAll(found);
            }
        }
        return new Found(run, perImage);
    }
}
