package dev.cip.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cip.engine.BuilderInfo;
import dev.cip.engine.RunConfig;
import dev.cip.json.Json;
import dev.cip.plan.Advice;
import dev.cip.plan.Goal;
import dev.cip.plan.ImageStore;
import dev.cip.plan.StoredImage;
import dev.cip.report.Console;
import dev.cip.sign.Signing;
import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The fingerprints a run plans with (and labels its images with): a child's follows its parents' through the pipeline,
 * so a changed parent changes its children's, and nothing else's.
 */
class PipelineFingerprintTest {
    @TempDir
    Path tmp;

    private static final ImageStore EMPTY = new ImageStore() {
        @Override
        public Optional<StoredImage> find(String name, String tag, boolean withDetails) {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "empty store";
        }
    };

    /** A dry run of {@code cip:plan}'s recipe; the fingerprint of each image, from {@code plan.json}. */
    private Map<String, String> plannedFingerprints() throws Exception {
        RunConfig config = new RunConfig(Goal.PUBLISH_LOCALLY,
                new RunConfig.ProjectTarget(tmp.resolve("project"), "localhost:5000"),
                new RunConfig.Selection(List.of(), false, false, List.of("linux/amd64"), true),
                new RunConfig.BuildOptions(Map.of(), true, "false", true, List.of()),
                new RunConfig.EngineOptions("docker", Optional.empty(), List.of(), true, 0, Duration.ZERO, false,
                        Map.of()),
                new RunConfig.Output(tmp.resolve("report"), true, false, Instant.now()),
                RunConfig.Release.atEnd(), RunConfig.ImageOptions.defaults());
        Console quiet = new Console() {
            @Override
            public void info(String line) {
            }

            @Override
            public void warn(String line) {
            }
        };
        new BuildRun(config, () -> new BuildRun.Stores(EMPTY, Optional.empty(), Optional.empty()), Signing.NONE,
                quiet, Advice.PLAIN, Map.of(), () -> BuilderInfo.parse(BuildRunDefinitionTest.INSPECT)).run("plan");
        Map<String, String> prints = new HashMap<>();
        for (JsonNode i : Json.mapper().readTree(tmp.resolve("report/plan.json").toFile()).get("images")) {
            prints.put(i.get("name").asText(), i.get("fingerprint").asText());
        }
        return prints;
    }

    @Test
    void aChildsFingerprintFollowsItsParentsThroughThePipeline() throws Exception {
        ProjectFixture.in(tmp.resolve("project"))
                .image("00-base", "1.0.0")
                .image("00-other", "1.0.0")
                .context("01-app", ProjectFixture.dockerfileOn("base:1.0.0"), "{:version \"2.0.0\"}")
                .context("02-leaf", ProjectFixture.dockerfileOn("app:2.0.0"), "{:version \"3.0.0\"}");
        Map<String, String> before = plannedFingerprints();
        assertEquals(4, before.size(), before.toString());

        // a file added to base's context, nothing else: base, its child and grandchild change; other does not
        Files.writeString(tmp.resolve("project/contexts/00-base/added.txt"), "new content\n");
        Map<String, String> after = plannedFingerprints();

        for (String changed : List.of("base", "app", "leaf")) {
            assertNotEquals(before.get(changed), after.get(changed), changed + " did not follow base's change");
        }
        assertEquals(before.get("other"), after.get("other"));
    }
}
