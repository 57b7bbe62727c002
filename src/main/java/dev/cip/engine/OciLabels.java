package dev.cip.engine;

import dev.cip.concurrent.Parallel;
import dev.cip.graph.ImageGraph;
import dev.cip.plan.Plan;
import dev.cip.process.ProcessRunner;

import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The OCI labels cip gives the images it builds, besides the fingerprint: when, from where, at which commit. */
final class OciLabels {
    private OciLabels() {
    }

    /**
     * The OCI labels of the run ({@code created}, {@code source}), returned, and of each image to build (its git
     * {@code revision}), put in {@code perImage}. Git is asked only when the project is in a git work tree; what it
     * cannot tell is left out. The fingerprint never depends on them.
     */
    static Map<String, String> of(RunConfig config, Plan plan, ImageGraph graph,
                                  Map<String, Map<String, String>> perImage)
            throws InterruptedException {
        Map<String, String> run = new LinkedHashMap<>();
        if (config.image().created()) {
            run.put(BakeDefinition.CREATED_LABEL, config.goalStart().truncatedTo(ChronoUnit.SECONDS)
                    .toString());
        }
        try (ProcessRunner runner = new ProcessRunner()) {
            GitFacts git = new GitFacts(runner, "git");
            Optional<String> source = config.image().source().filter(v -> !v.isBlank())
                    .map(GitFacts::withoutCredentials);
            boolean inGit = git.inWorkTree(config.projectDir());
            if (source.isEmpty() && inGit) {
                source = git.originUrl(config.projectDir());
            }
            source.ifPresent(v -> run.put(BakeDefinition.SOURCE_LABEL, v));
            if (inGit) {
                Map<String, Map<String, String>> found = new ConcurrentHashMap<>();
                Parallel.forEach("cip-git", 4, plan.toBuild(), image -> {
                    try {
                        git.revision(graph.node(image.name()).context().directory()).ifPresent(r ->
                                found.put(image.name(), Map.of(BakeDefinition.REVISION_LABEL, r)));
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
        return run;
    }
}
