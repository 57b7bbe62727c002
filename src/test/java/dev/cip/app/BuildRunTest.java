package dev.cip.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cip.engine.BuildCache;
import dev.cip.engine.BuilderProbes;
import dev.cip.engine.RunConfig;
import dev.cip.json.Json;
import dev.cip.plan.Advice;
import dev.cip.plan.Goal;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.testing.Started;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import dev.cip.release.Releaser;
import dev.cip.release.StagingAwareStore;
import dev.cip.release.StagingReader;
import dev.cip.report.BuildResult;
import dev.cip.report.ImageRun;
import dev.cip.sign.Signing;
import dev.cip.store.RegistryImageStore;
import dev.cip.store.SummaryCache;
import dev.cip.testing.ProjectFixture;
import dev.cip.testing.RecordingConsole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recipe of a publish run, without Maven: a parent and its child built by the real {@code docker buildx bake},
 * pushed to a real registry under their staging tags and released at the end; the report is the run's own.
 */
class BuildRunTest {
    @Started
    TestRegistry registry;

    @Started(quickRetries = true)
    RegistryClient client;

    @TempDir
    Path tmp;

    private final RecordingConsole console = new RecordingConsole();

    private BuildRun.Outcome publishLocally(String reg) throws Exception {
        RunConfig config = new RunConfig(Goal.PUBLISH_LOCALLY,
                new RunConfig.ProjectTarget(tmp.resolve("project"), reg),
                new RunConfig.Selection(List.of(), false, false, List.of("linux/amd64"), true),
                new RunConfig.BuildOptions(Map.of(), false, "false", true, List.of()),
                new RunConfig.EngineOptions("docker", Optional.empty(), List.of(), true, 0, Duration.ZERO, false,
                        Map.of()),
                new RunConfig.Output(tmp.resolve("report"), false, false, Instant.now()),
                RunConfig.Release.atEnd(),
                new RunConfig.ImageOptions(List.of(), Optional.empty(), false, BuildCache.NONE, false));
        StagingReader reader = new StagingReader(client, reg);
        BuildRun.Stores stores = new BuildRun.Stores(new StagingAwareStore(new RegistryImageStore(client, reg, true,
                SummaryCache.none()), reader), Optional.of(reader), Optional.of(new Releaser(client, reg, 2)));
        return new BuildRun(config, () -> stores, Signing.NONE, console, Advice.PLAIN, Map.of(),
                BuilderProbes.inspecting(config.engine())).run("publish-locally");
    }

    @Test
    void aPublishBuildsStagesReleasesAndReportsEachImageOnce() throws Exception {
        String reg = registry.address() + "/" + TestImages.namespace("run");
        ProjectFixture.in(tmp.resolve("project"))
                .context("00-base", "FROM scratch\nCOPY base.txt /base.txt\n", "{:version \"1.0.0\"}")
                .file("contexts/00-base/base.txt", "base " + System.nanoTime() + "\n")
                .context("01-app", ProjectFixture.dockerfileOn("base:1.0.0") + "COPY app.txt /app.txt\n",
                        "{:version \"2.0.0\"}")
                .file("contexts/01-app/app.txt", "app\n");

        BuildRun.Outcome first = publishLocally(reg);

        assertTrue(first.succeeded(), console.lines().toString());
        ImageRun base = first.images().get(0);
        ImageRun app = first.images().get(1);
        assertEquals(List.of("base", "app"), List.of(base.name(), app.name()));
        assertEquals(Set.of("base"), app.inRunParents(), "the child is built with its parent in one solve");
        assertEquals(Set.of(), base.inRunParents());
        assertTrue(app.stagingTag().orElseThrow().startsWith("2.0.0__cip-linux-"), app.stagingTag().toString());
        for (ImageRun image : first.images()) {
            assertEquals(BuildResult.Status.DONE, image.build().orElseThrow().status());
            String released = assertInstanceOf(ImageRun.Release.Released.class, image.release(), image.name())
                    .digest().orElseThrow();
            assertEquals(released, client.head(reg, image.name(), image.plan().version()).orElseThrow().digest(),
                    image.name() + " is released at the digest the run recorded");
        }

        JsonNode report = Json.mapper().readTree(tmp.resolve("report/report.json").toFile());
        assertEquals("SUCCEEDED", report.get("status").asText());
        for (JsonNode image : report.get("images")) {
            assertEquals("DONE", image.get("decision").asText());
            assertTrue(image.get("released").asBoolean(), image.toString());
            String version = image.get("name").asText().equals("base") ? "1.0.0" : "2.0.0";
            assertEquals(client.head(reg, image.get("name").asText(), version).orElseThrow().digest(),
                    image.get("digest").asText());
        }
        assertEquals(List.of("setup", "scan", "plan", "plan reports", "verify signatures", "builder probes",
                "stage pins", "git labels", "bake definition", "solve", "release", "reports", "ci outputs", "total"),
                spans(report), "the recipe's steps, in order");

        console.clear();
        BuildRun.Outcome second = publishLocally(reg);
        assertTrue(second.succeeded());
        assertTrue(second.images().stream().allMatch(i -> i.build().isEmpty()), "nothing is built again");
        JsonNode again = Json.mapper().readTree(tmp.resolve("report/report.json").toFile());
        assertEquals(List.of("SKIP", "SKIP"), List.of(again.at("/images/0/decision").asText(),
                again.at("/images/1/decision").asText()));
        assertFalse(spans(again).contains("solve"), spans(again).toString());
        assertTrue(console.lines().stream().anyMatch(l -> l.startsWith("Nothing to build")), console.lines().toString());
    }

    private static List<String> spans(JsonNode report) {
        List<String> names = new ArrayList<>();
        report.get("trace").forEach(s -> names.add(s.get("name").asText()));
        return names;
    }
}
