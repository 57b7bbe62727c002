package dev.cip.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cip.plan.Fingerprinter;
import dev.cip.plan.Goal;
import dev.cip.plan.ImageStore;
import dev.cip.plan.StoredImage;
import dev.cip.report.Console;
import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bake definition a plan turns into: what {@code docker buildx bake} is asked to build (SPEC §6). */
class BuildPipelineTest {
    private static final String REG = "localhost:5000";
    private static final String PINNED = "sha256:" + "ab".repeat(32);

    /** What {@code docker buildx inspect} prints for a builder of two native nodes. */
    static final String INSPECT = """
            Name:          native
            Driver:        docker-container
            Last Activity: 2026-12-03 08:13:34 +0000 UTC

            Nodes:
            Name:             arm
            Endpoint:         ssh://builder@arm64-machine
            Status:           running
            BuildKit version: v0.17.0
            Platforms:        linux/arm64*, linux/arm/v7
            Labels:
             org.mobyproject.buildkit.worker.executor: oci

            Name:             amd
            Endpoint:         unix:///var/run/docker.sock
            Status:           running
            Platforms:        linux/amd64, linux/amd64/v2, linux/386
            """;

    @TempDir
    Path tmp;

    private final List<String> lines = new ArrayList<>();

    private final Console console = new Console() {
        @Override
        public void info(String line) {
            lines.add(line);
        }

        @Override
        public void warn(String line) {
            lines.add("WARN " + line);
        }
    };

    /** A store holding some {@code name:tag}s, each at a digest. */
    private record Present(Map<String, String> digests) implements ImageStore {
        @Override
        public Optional<StoredImage> find(String name, String tag, boolean withDetails) {
            return Optional.ofNullable(digests.get(name + ":" + tag)).map(d -> StoredImage.present(d));
        }

        @Override
        public String describe() {
            return "test store";
        }
    }

    private JsonNode plan(Goal goal, ImageStore store, List<String> images, List<String> secrets,
                          String provenance) throws Exception {
        return plan(goal, store, images, secrets, provenance, java.util.Set.of());
    }

    private JsonNode plan(Goal goal, ImageStore store, List<String> images, List<String> secrets,
                          String provenance, java.util.Set<dev.cip.oci.Platform> stage) throws Exception {
        ProjectFixture.in(tmp.resolve("project"))
                .image("00-base", "1.0.0")
                .context("01-app", ProjectFixture.dockerfileOn("base:1.0.0", "tools:2.0"),
                        "{:version \"2.0.0\" :build-args {\"INFO_ARG\" \"i\" \"SHARED\" \"from-info\"}}")
                .image("00-tools", "2.0")
                .image("00-done", "1");
        Map<String, String> goalArgs = new LinkedHashMap<>();
        goalArgs.put("GOAL_ARG", "g");
        goalArgs.put("SHARED", "from-goal");
        BuildPipeline.Config config = new BuildPipeline.Config(goal, tmp.resolve("project"), REG,
                List.of("linux/amd64", "linux/arm64"), goal != Goal.PUBLISH, images, false, false, goalArgs,
                List.of("--no-cache"), true, provenance, true, Optional.empty(), "docker", true, 2,
                Duration.ofMillis(10), false, true, false, tmp.resolve("report"), Map.of(), secrets, Instant.now(),
                new BuildPipeline.Release(stage, dev.cip.release.ReleaseMode.END));
        BuildPipeline.Outcome outcome = new BuildPipeline(config, store, console, Optional.empty(),
                () -> BuilderInfo.parse(INSPECT)).run();
        assertTrue(outcome.results().isEmpty(), "a dry run builds nothing");
        return new ObjectMapper().readTree(tmp.resolve("report/bake.json").toFile());
    }

    @Test
    void oneTargetPerImageToBuildWithGoalArgsThenInfoArgsAndTheFingerprint() throws Exception {
        JsonNode bake = plan(Goal.PUBLISH_LOCALLY, new Present(Map.of("done:1", PINNED)), List.of(),
                List.of("id=npm,env=NPM_TOKEN"), "false");
        assertEquals(List.of("base", "tools", "app"), names(bake.at("/group/default/targets")));
        assertEquals(List.of("app", "base", "tools"), sorted(bake.get("target").fieldNames()));
        JsonNode app = bake.at("/target/app");
        assertEquals(tmp.resolve("project/contexts/01-app").toString(), app.get("context").asText());
        assertEquals(tmp.resolve("project/contexts/01-app/Dockerfile").toString(), app.get("dockerfile").asText());
        assertEquals("{\"REGISTRY\":\"localhost:5000\",\"GOAL_ARG\":\"g\",\"SHARED\":\"from-info\",\"INFO_ARG\":\"i\"}",
                app.get("args").toString());
        assertEquals("{\"REGISTRY\":\"localhost:5000\",\"GOAL_ARG\":\"g\",\"SHARED\":\"from-goal\"}",
                bake.at("/target/base/args").toString());
        // pushed under its staging tag (the engine's platform), released as 2.0.0 and latest at the end
        assertEquals(List.of("localhost:5000/app:2.0.0__cip-linux-arm64"), names(app.get("tags")));
        assertEquals(List.of("type=image,push=true"), names(app.get("output")));
        assertFalse(app.has("platforms"), "only the local platform");
        assertTrue(app.get("pull").asBoolean());
        assertEquals(List.of("type=provenance,disabled=true"), names(app.get("attest")));
        assertEquals(List.of("id=npm,env=NPM_TOKEN"), names(app.get("secret")));
        JsonNode appPlan = null;
        for (JsonNode i : new ObjectMapper().readTree(tmp.resolve("report/plan.json").toFile()).get("images")) {
            appPlan = i.get("name").asText().equals("app") ? i : appPlan;
        }
        assertEquals(appPlan.get("fingerprint"), app.at("/labels").get(Fingerprinter.LABEL));
        // both parents are built in the same solve: the child gets them in-graph
        assertEquals("{\"localhost:5000/base:1.0.0\":\"target:base\",\"localhost:5000/tools:2.0\":\"target:tools\"}",
                app.get("contexts").toString());
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(tmp.resolve("report/bake.json")), "build args stay private");
    }

    @Test
    void aPublishedParentIsPinnedToTheDigestThePlanSaw() throws Exception {
        JsonNode bake = plan(Goal.PUBLISH_LOCALLY, new Present(Map.of("base:1.0.0", PINNED, "done:1", PINNED)),
                List.of(), List.of(), "true");
        assertEquals(List.of("tools", "app"), names(bake.at("/group/default/targets")));
        assertEquals("{\"localhost:5000/base:1.0.0\":\"docker-image://localhost:5000/base:1.0.0@" + PINNED + "\","
                        + "\"localhost:5000/tools:2.0\":\"target:tools\"}",
                bake.at("/target/app/contexts").toString());
        assertEquals(List.of("type=provenance,mode=min"), names(bake.at("/target/app/attest")));
    }

    @Test
    void buildLoadsAndNeverPullsForAChildOfAnInternalParent() throws Exception {
        JsonNode bake = plan(Goal.BUILD, new Present(Map.of()), List.of(), List.of(), "false");
        assertEquals(List.of("type=docker"), names(bake.at("/target/app/output")));
        assertFalse(bake.at("/target/app").has("pull"));
        assertTrue(bake.at("/target/base/pull").asBoolean());
    }

    @Test
    void publishPassesEveryPlatformAndStagesUnderOneTagForAll() throws Exception {
        JsonNode bake = plan(Goal.PUBLISH, new Present(Map.of()), List.of(), List.of(), "false");
        assertEquals(List.of("linux/amd64", "linux/arm64"), names(bake.at("/target/base/platforms")));
        assertEquals(List.of("localhost:5000/base:1.0.0__cip-linux-amd64_linux-arm64"),
                names(bake.at("/target/base/tags")), "never <version> or latest while building");
    }

    @Test
    void aShardBuildsOnlyItsPlatformsUnderTheShardsStagingTag() throws Exception {
        JsonNode bake = plan(Goal.PUBLISH, new Present(Map.of()), List.of(), List.of(), "false",
                java.util.Set.of(dev.cip.oci.Platform.parse("linux/arm64/v8")));
        assertEquals(List.of("linux/arm64"), names(bake.at("/target/app/platforms")));
        assertEquals(List.of("localhost:5000/app:2.0.0__cip-linux-arm64"), names(bake.at("/target/app/tags")));
        assertEquals("target:base", bake.at("/target/app/contexts").get("localhost:5000/base:1.0.0").asText(),
                "inside a shard a child gets its parent from the same solve");
    }

    @Test
    void thePlanHeaderShowsTheBuilderWithEachNodesPlatforms() throws Exception {
        plan(Goal.PUBLISH, new Present(Map.of()), List.of(), List.of(), "false");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Builder native (docker-container): arm ")
                && l.contains("linux/arm64") && l.contains("linux/arm/v7") && l.contains("; amd ")
                && l.contains("linux/386")), lines.toString());
        BuilderInfo info = BuilderInfo.parse(INSPECT);
        assertEquals(List.of("arm", "amd"), info.nodes().stream().map(BuilderInfo.Node::name).toList());
        assertEquals("linux/arm64", info.defaultPlatform().orElseThrow().toString(), "the first node's first");
        assertEquals(3, info.nodes().get(1).platforms().size());
    }

    @Test
    void loadingTagsVersionAndLatest() throws Exception {
        JsonNode bake = plan(Goal.BUILD, new Present(Map.of()), List.of(), List.of(), "false");
        assertEquals(List.of("localhost:5000/app:2.0.0", "localhost:5000/app:latest"),
                names(bake.at("/target/app/tags")));
    }

    @Test
    void nothingToBuildWritesNoDefinition() throws Exception {
        Map<String, String> all = Map.of("base:1.0.0", PINNED, "tools:2.0", PINNED, "app:2.0.0", PINNED,
                "done:1", PINNED);
        ProjectFixture.in(tmp.resolve("project")).image("00-base", "1.0.0");
        Files.createDirectories(tmp.resolve("report"));
        Files.writeString(tmp.resolve("report/bake.json"), "{}");
        BuildPipeline.Config config = new BuildPipeline.Config(Goal.PUBLISH_LOCALLY, tmp.resolve("project"), REG,
                List.of("linux/amd64"), true, List.of(), false, false, Map.of(), List.of(), true, "false", true,
                Optional.empty(), "docker", true, 2, Duration.ofMillis(10), false, false, false,
                tmp.resolve("report"), Map.of(), List.of(), Instant.now(), BuildPipeline.Release.atEnd());
        BuildPipeline.Outcome outcome = new BuildPipeline(config, new Present(all), console).run();
        assertTrue(outcome.succeeded());
        assertFalse(Files.exists(tmp.resolve("report/bake.json")), "a stale definition is removed");
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> sorted(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        out.sort(null);
        return out;
    }
}
