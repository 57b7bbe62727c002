package dev.cip.app;

import dev.cip.failure.InvalidSetting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cip.engine.BuildCache;
import dev.cip.engine.BuilderInfo;
import dev.cip.engine.RunConfig;
import dev.cip.plan.Advice;
import dev.cip.plan.Fingerprinter;
import dev.cip.plan.Goal;
import dev.cip.plan.ImageStore;
import dev.cip.plan.StoredImage;
import dev.cip.sign.Signing;
import dev.cip.testing.ProjectFixture;
import dev.cip.testing.RecordingConsole;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bake definition a plan turns into: what {@code docker buildx bake} is asked to build (SPEC §6), through the
 * recipe of a build run (a dry run: nothing is built).
 */
class BuildRunDefinitionTest {
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

    private final RecordingConsole console = new RecordingConsole();

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

    /** What the next {@link #plan} gives every image, and when the run starts. */
    private RunConfig.ImageOptions options = RunConfig.ImageOptions.defaults();
    private Instant start = Instant.now();
    private String appInfo = "{:version \"2.0.0\" :build-args {\"INFO_ARG\" \"i\" \"SHARED\" \"from-info\"}}";

    private JsonNode plan(Goal goal, ImageStore store, List<String> images, List<String> secrets,
                          String provenance, java.util.Set<dev.cip.oci.Platform> stage) throws Exception {
        ProjectFixture.in(tmp.resolve("project"))
                .image("00-base", "1.0.0")
                .context("01-app", ProjectFixture.dockerfileOn("base:1.0.0", "tools:2.0"), appInfo)
                .image("00-tools", "2.0")
                .image("00-done", "1");
        Map<String, String> goalArgs = new LinkedHashMap<>();
        goalArgs.put("GOAL_ARG", "g");
        goalArgs.put("SHARED", "from-goal");
        RunConfig config = new RunConfig(goal,
                new RunConfig.ProjectTarget(tmp.resolve("project"), REG),
                new RunConfig.Selection(images, false, false, List.of("linux/amd64", "linux/arm64"),
                        goal != Goal.PUBLISH),
                new RunConfig.BuildOptions(goalArgs, true, provenance, true, secrets),
                new RunConfig.EngineOptions("docker", Optional.empty(), List.of("--no-cache"), true, 2,
                        Duration.ofMillis(10), false, Map.of()),
                new RunConfig.Output(tmp.resolve("report"), true, false, start),
                new RunConfig.Release(stage, dev.cip.release.ReleaseMode.END), options);
        BuildRun.Outcome outcome = run(config, store);
        assertTrue(outcome.results().isEmpty(), "a dry run builds nothing");
        return new ObjectMapper().readTree(tmp.resolve("report/bake.json").toFile());
    }

    /** The recipe of a run against {@code store}, its builder the one {@link #INSPECT} describes. */
    private BuildRun.Outcome run(RunConfig config, ImageStore store) throws Exception {
        return new BuildRun(config, () -> new BuildRun.Stores(store, Optional.empty(), Optional.empty()),
                Signing.NONE, console, Advice.PLAIN, Map.of(), () -> BuilderInfo.parse(INSPECT)).run("plan");
    }

    @Test
    void oneTargetPerImageToBuildWithGoalArgsThenInfoArgsAndTheFingerprint() throws Exception {
        JsonNode bake = plan(Goal.PUBLISH_LOCALLY, new Present(Map.of("done:1", PINNED)), List.of(),
                List.of("id=npm,env=NPM_TOKEN"), "false");
        assertEquals(List.of("base", "tools", "app"), names(bake.at("/group/default/targets")));
        assertEquals(List.of("app", "base", "tools"), sorted(bake.get("target").fieldNames()));
        assertTrue(console.lines().stream().anyMatch(l -> l.startsWith("Dry run: nothing built (3 to build, plan in ")
                && l.endsWith(", bake definition in " + tmp.resolve("report/bake.json") + ")")), console.lines().toString());
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
        // the OCI labels also as manifest annotations of what is pushed
        assertTrue(names(app.get("annotations")).containsAll(List.of("manifest:org.opencontainers.image.title=app",
                "manifest:org.opencontainers.image.version=2.0.0")), app.get("annotations").toString());
        // and the fingerprint, where the plan reads it of a published index without reading a config
        assertTrue(names(app.get("annotations")).contains("manifest:" + Fingerprinter.LABEL + "="
                + app.get("labels").get(Fingerprinter.LABEL).asText()), app.get("annotations").toString());
        assertTrue(names(app.get("annotations")).stream().allMatch(a -> a.startsWith("manifest:org.opencontainers.")
                || a.startsWith("manifest:" + Fingerprinter.LABEL + "=")), app.get("annotations").toString());
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
        assertFalse(bake.at("/target/app").has("annotations"), "the local store keeps no manifest annotations");
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
    void aStagePlatformNoSelectedImageWantsFailsBeforeAnyWork() {
        InvalidSetting e = assertThrows(InvalidSetting.class, () -> plan(Goal.PUBLISH,
                new Present(Map.of()), List.of(), List.of(), "false",
                java.util.Set.of(dev.cip.oci.Platform.parse("linux/s390x"), dev.cip.oci.Platform.parse("linux/amd64"))));
        assertTrue(e.getMessage().startsWith("the stage platform linux/s390x is wanted by none of the selected images"
                + " (base: linux/amd64, linux/arm64"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("report/bake.json")), "nothing was planned for the builder");
    }

    @Test
    void thePlanHeaderShowsTheBuilderWithEachNodesPlatforms() throws Exception {
        plan(Goal.PUBLISH, new Present(Map.of()), List.of(), List.of(), "false");
        assertTrue(console.lines().stream().anyMatch(l -> l.startsWith("Builder native (docker-container): arm ")
                && l.contains("linux/arm64") && l.contains("linux/arm/v7") && l.contains("; amd ")
                && l.contains("linux/386")), console.lines().toString());
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
    void everyImageIsLabelledWithItsVersionTitleAndTheRunsStartButTheFingerprintStaysTheFilesOwn()
            throws Exception {
        start = Instant.parse("2026-12-03T08:09:10.123456Z");
        JsonNode plain = plan(Goal.PUBLISH, new Present(Map.of()), List.of(), List.of(), "false");
        JsonNode app = plain.at("/target/app/labels");
        assertEquals("2.0.0", app.get("org.opencontainers.image.version").asText());
        assertEquals("app", app.get("org.opencontainers.image.title").asText());
        assertEquals("1.0.0", plain.at("/target/base/labels").get("org.opencontainers.image.version").asText());
        assertEquals("2026-12-03T08:09:10Z", app.get("org.opencontainers.image.created").asText(),
                "RFC 3339, UTC, the run's start");
        assertFalse(app.has("org.opencontainers.image.revision"), "not in a git work tree: no revision");
        assertFalse(app.has("org.opencontainers.image.source"), "no source given, no git remote");
        assertTrue(app.has(Fingerprinter.LABEL));

        start = Instant.parse("2027-01-01T00:00:00Z");
        options = new RunConfig.ImageOptions(List.of("abc1234"), Optional.of("https://u:secret@git.example.com/x"),
                false, BuildCache.REGISTRY, true);
        JsonNode labelled = plan(Goal.PUBLISH, new Present(Map.of()), List.of(), List.of(), "false");
        JsonNode app2 = labelled.at("/target/app/labels");
        assertFalse(app2.has("org.opencontainers.image.created"), "created can be left out");
        assertEquals("https://git.example.com/x", app2.get("org.opencontainers.image.source").asText(),
                "credentials never reach a label");
        assertEquals(app.get(Fingerprinter.LABEL), app2.get(Fingerprinter.LABEL),
                "labels, tags, cache and attestations are no part of the content fingerprint");
    }

    @Test
    void inAGitWorkTreeEachImageGetsTheLastCommitOfItsContextAndTheSourceIsTheOriginWithoutCredentials()
            throws Exception {
        Path project = tmp.resolve("project");
        ProjectFixture.in(project).image("00-base", "1.0.0").image("00-tools", "2.0").image("00-done", "1")
                .context("01-app", ProjectFixture.dockerfileOn("base:1.0.0", "tools:2.0"), appInfo);
        git(project, "init", "-q");
        git(project, "remote", "add", "origin", "https://ci:tok3n@git.example.com/team/images.git");
        git(project, "add", "contexts/00-base", "contexts/00-tools", "contexts/00-done");
        git(project, "commit", "-q", "-m", "parents");
        String parents = git(project, "rev-parse", "HEAD");
        git(project, "add", "contexts/01-app");
        git(project, "commit", "-q", "-m", "app");
        String appCommit = git(project, "rev-parse", "HEAD");
        JsonNode bake = plan(Goal.PUBLISH_LOCALLY, new Present(Map.of()), List.of(), List.of(), "false");
        assertEquals(appCommit, bake.at("/target/app/labels").get("org.opencontainers.image.revision").asText());
        assertEquals(parents, bake.at("/target/base/labels").get("org.opencontainers.image.revision").asText(),
                "the commit that last touched the context, not HEAD");
        assertEquals("https://git.example.com/team/images.git",
                bake.at("/target/app/labels").get("org.opencontainers.image.source").asText());
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=t",
                "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void extraTagsAreLoadedByBuildButOnlyReleasedByPushingGoals() throws Exception {
        appInfo = "{:version \"2.0.0\" :tags [\"stable\" \"2\"]}";
        options = new RunConfig.ImageOptions(List.of("abc1234", "2"), Optional.empty(), true, BuildCache.NONE,
                false);
        JsonNode load = plan(Goal.BUILD, new Present(Map.of()), List.of(), List.of(), "false");
        assertEquals(List.of("localhost:5000/app:2.0.0", "localhost:5000/app:latest", "localhost:5000/app:stable",
                "localhost:5000/app:2", "localhost:5000/app:abc1234"), names(load.at("/target/app/tags")));
        assertEquals(List.of("localhost:5000/base:1.0.0", "localhost:5000/base:latest",
                "localhost:5000/base:abc1234", "localhost:5000/base:2"), names(load.at("/target/base/tags")));
        JsonNode push = plan(Goal.PUBLISH, new Present(Map.of()), List.of(), List.of(), "false");
        assertEquals(List.of("localhost:5000/app:2.0.0__cip-linux-amd64_linux-arm64"),
                names(push.at("/target/app/tags")), "the release writes them, with <version>");
    }

    @Test
    void aReservedExtraTagIsRefusedBeforeAnythingIsPlanned() {
        options = new RunConfig.ImageOptions(List.of("1__cip-linux-amd64"), Optional.empty(), true,
                BuildCache.NONE, false);
        InvalidSetting e = org.junit.jupiter.api.Assertions.assertThrows(InvalidSetting.class,
                () -> plan(Goal.PUBLISH, new Present(Map.of()), List.of(), List.of(), "false"));
        assertTrue(e.getMessage().contains("'__cip-'"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("report/plan.json")));
    }

    @Test
    void theRegistryCacheGivesEveryImageItsOwnReservedCacheTag() throws Exception {
        options = new RunConfig.ImageOptions(List.of(), Optional.empty(), true, BuildCache.REGISTRY, false);
        JsonNode bake = plan(Goal.PUBLISH, new Present(Map.of()), List.of(), List.of(), "false");
        assertEquals(List.of("type=registry,ref=localhost:5000/app:__cip-cache"), names(bake.at("/target/app/cache-from")));
        assertEquals(List.of("type=registry,ref=localhost:5000/app:__cip-cache,mode=max,ignore-error=true"),
                names(bake.at("/target/app/cache-to")));
        assertEquals(List.of("type=registry,ref=localhost:5000/base:__cip-cache"),
                names(bake.at("/target/base/cache-from")));
        assertFalse(dev.cip.release.StagingTag.isStaging(BuildCache.TAG), "never read as a staging tag");

        options = new RunConfig.ImageOptions(List.of(), Optional.empty(), true, BuildCache.INLINE, false);
        JsonNode inline = plan(Goal.PUBLISH, new Present(Map.of()), List.of(), List.of(), "false");
        assertEquals(List.of("type=inline"), names(inline.at("/target/app/cache-to")));
        assertEquals(List.of("type=registry,ref=localhost:5000/app:latest"), names(inline.at("/target/app/cache-from")));

        options = RunConfig.ImageOptions.defaults();
        JsonNode none = plan(Goal.PUBLISH, new Present(Map.of()), List.of(), List.of(), "false");
        assertFalse(none.at("/target/app").has("cache-from") || none.at("/target/app").has("cache-to"));
    }

    @Test
    void provenanceModesAndAnSbomAreAttestations() throws Exception {
        JsonNode max = plan(Goal.PUBLISH, new Present(Map.of()), List.of(), List.of(), "mode=max");
        assertEquals(List.of("type=provenance,mode=max"), names(max.at("/target/app/attest")));
        options = new RunConfig.ImageOptions(List.of(), Optional.empty(), true, BuildCache.NONE, true);
        JsonNode sbom = plan(Goal.PUBLISH, new Present(Map.of()), List.of(), List.of(), "mode=min");
        assertEquals(List.of("type=provenance,mode=min", "type=sbom"), names(sbom.at("/target/base/attest")));
        JsonNode off = plan(Goal.PUBLISH, new Present(Map.of()), List.of(), List.of(), "false");
        assertEquals(List.of("type=provenance,disabled=true", "type=sbom"), names(off.at("/target/app/attest")));
    }

    @Test
    void nothingToBuildWritesNoDefinition() throws Exception {
        Map<String, String> all = Map.of("base:1.0.0", PINNED, "tools:2.0", PINNED, "app:2.0.0", PINNED,
                "done:1", PINNED);
        ProjectFixture.in(tmp.resolve("project")).image("00-base", "1.0.0");
        Files.createDirectories(tmp.resolve("report"));
        Files.writeString(tmp.resolve("report/bake.json"), "{}");
        RunConfig config = new RunConfig(Goal.PUBLISH_LOCALLY,
                new RunConfig.ProjectTarget(tmp.resolve("project"), REG),
                new RunConfig.Selection(List.of(), false, false, List.of("linux/amd64"), true),
                new RunConfig.BuildOptions(Map.of(), true, "false", true, List.of()),
                new RunConfig.EngineOptions("docker", Optional.empty(), List.of(), true, 2, Duration.ofMillis(10),
                        false, Map.of()),
                new RunConfig.Output(tmp.resolve("report"), false, false, Instant.now()),
                RunConfig.Release.atEnd(), RunConfig.ImageOptions.defaults());
        BuildRun.Outcome outcome = run(config, new Present(all));
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
