package dev.cip.plan;

import dev.cip.graph.ImageGraph;
import dev.cip.oci.Platform;
import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plan knows staging (#10.3): staged but unreleased is RELEASE; a shard skips what is staged or published. */
class PlannerStagingTest {
    private static final String REG = "localhost:5000";
    private static final List<Platform> BOTH = Platform.parseAll(List.of("linux/amd64", "linux/arm64"));
    private static final Platform AMD = Platform.parse("linux/amd64");
    private static final Platform ARM = Platform.parse("linux/arm64");

    @TempDir
    Path root;

    /** base 1.0.0 <- app 2.0.0; tool 1 (amd64 only); lone 1. */
    private ImageGraph graph() {
        return ProjectFixture.in(root)
                .image("00-base", "1.0.0")
                .image("00-lone", "1")
                .image("00-tool", "1")
                .image("01-app", "2.0.0", "base:1.0.0")
                .graph(REG);
    }

    private final Map<Observations.Tag, Optional<StoredImage>> found = new HashMap<>();
    private final Map<Observations.Tag, Map<String, List<Platform>>> staged = new HashMap<>();
    private final Map<Observations.Tag, List<StagedPlatform>> content = new HashMap<>();
    private final Map<String, String> fingerprints = new HashMap<>();

    private void published(String name, String tag, Platform... platforms) {
        found.put(new Observations.Tag(name, tag), Optional.of(new StoredImage(Set.of(platforms), Optional.empty())));
    }

    private void stagedAs(String name, String version, String stagingTag, Platform... platforms) {
        staged.computeIfAbsent(new Observations.Tag(name, version), k -> new HashMap<>())
                .put(stagingTag, List.of(platforms));
    }

    /** Staged, with the fingerprint read from its platform manifest. */
    private void stagedFrom(String fingerprint, String name, String version, String stagingTag, Platform platform) {
        stagedAs(name, version, stagingTag, platform);
        content.computeIfAbsent(new Observations.Tag(name, version), k -> new java.util.ArrayList<>())
                .add(new StagedPlatform(stagingTag, platform, Optional.of(fingerprint)));
    }

    private Plan decide(ImageGraph graph, List<String> selected, Set<Platform> stage) {
        for (String name : graph.names()) {
            found.putIfAbsent(new Observations.Tag(name, graph.node(name).version()), Optional.empty());
        }
        Observations seen = new Observations("memory", found, fingerprints, staged, content);
        return Planner.decide(Goal.PUBLISH, graph, selected, n -> n.equals("tool") ? List.of(AMD) : BOTH, seen,
                stage);
    }

    private static void assertDecision(Class<? extends Decision> kind, String reason, Plan plan, String name) {
        Decision d = plan.image(name).orElseThrow().decision();
        assertInstanceOf(kind, d, name + ": " + d);
        assertEquals(reason, d.reason(), name);
    }

    @Test
    void stagedWithEveryPlatformIsReleasedNotBuilt() {
        ImageGraph graph = graph();
        stagedAs("base", "1.0.0", "1.0.0__cip-linux-amd64", AMD);
        stagedAs("base", "1.0.0", "1.0.0__cip-linux-arm64", ARM);
        stagedAs("app", "2.0.0", "2.0.0__cip-linux-amd64", AMD);
        Plan plan = decide(graph, graph.topologicalOrder(), Set.of());
        assertDecision(Decision.Release.class, "staged with linux/amd64, linux/arm64 by an earlier run; only tagging",
                plan, "base");
        assertEquals("RELEASE", plan.image("base").orElseThrow().decision().label());
        assertDecision(Decision.Build.class, "new version 2.0.0 (staged only with linux/amd64)", plan, "app");
        assertDecision(Decision.Build.class, "new version 1", plan, "lone");
        assertEquals(Set.of("lone", "tool", "app"), plan.toBuild().stream().map(ImagePlan::name)
                .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void aShardBuildsOnlyItsPlatformsAndSkipsWhatIsStagedOrPublished() {
        ImageGraph graph = graph();
        stagedAs("base", "1.0.0", "1.0.0__cip-linux-arm64", ARM);
        published("lone", "1", AMD, ARM);
        Plan plan = decide(graph, graph.topologicalOrder(), Set.of(ARM));
        assertDecision(Decision.Skip.class, "already staged with linux/arm64", plan, "base");
        assertDecision(Decision.Skip.class, "already published with linux/arm64", plan, "lone");
        assertDecision(Decision.Skip.class, "wants linux/amd64, none of linux/arm64; left out of this run", plan,
                "tool");
        assertDecision(Decision.Build.class, "stage linux/arm64", plan, "app");
        assertEquals(List.of(ARM), plan.image("app").orElseThrow().platforms());
        assertEquals(List.of("app"), plan.toBuild().stream().map(ImagePlan::name).toList());

        Plan amd = decide(graph, graph.topologicalOrder(), Set.of(AMD));
        assertDecision(Decision.Build.class, "stage linux/amd64", amd, "base");
        assertDecision(Decision.Build.class, "stage linux/amd64", amd, "tool");
        assertEquals(List.of(AMD), amd.image("base").orElseThrow().platforms());
    }

    @Test
    void aParentStagedByAnEarlierRunDoesNotBlockItsChild() {
        ImageGraph graph = graph();
        stagedAs("base", "1.0.0", "1.0.0__cip-linux-amd64_linux-arm64", AMD, ARM);
        Plan plan = decide(graph, List.of("app"), Set.of());
        assertDecision(Decision.Build.class, "new version 2.0.0", plan, "app");

        staged.clear();
        Plan blocked = decide(graph, List.of("app"), Set.of());
        assertInstanceOf(Decision.Blocked.class, blocked.image("app").orElseThrow().decision());
    }

    private static final String NEW = "sha256:1111111111112222";
    private static final String OLD = "sha256:9999999999998888";

    @Test
    void stagedFromOtherContentIsBuiltAgainNotReleased() {
        ImageGraph graph = graph();
        fingerprints.put("base", NEW);
        fingerprints.put("lone", NEW);
        stagedFrom(NEW, "base", "1.0.0", "1.0.0__cip-linux-amd64", AMD);
        stagedFrom(NEW, "base", "1.0.0", "1.0.0__cip-linux-arm64", ARM);
        stagedFrom(NEW, "lone", "1", "1__cip-linux-amd64", AMD);
        stagedFrom(OLD, "lone", "1", "1__cip-linux-arm64", ARM);
        Plan plan = decide(graph, List.of("base", "lone"), Set.of());
        assertDecision(Decision.Release.class, "staged with linux/amd64, linux/arm64 by an earlier run; only tagging",
                plan, "base");
        assertDecision(Decision.Build.class, "staged from other content: linux/arm64 under 1__cip-linux-arm64 "
                + "(fingerprint sha256:999999999999), the tree's is sha256:111111111111; built and staged again",
                plan, "lone");
        assertEquals(BOTH, plan.image("lone").orElseThrow().platforms());
    }

    @Test
    void aShardStagesAgainWhatWasStagedFromOtherContentAndSaysWhenOtherPlatformsWere() {
        ImageGraph graph = graph();
        fingerprints.put("base", NEW);
        fingerprints.put("lone", NEW);
        stagedFrom(OLD, "base", "1.0.0", "1.0.0__cip-linux-amd64", AMD);
        stagedFrom(OLD, "lone", "1", "1__cip-linux-arm64", ARM);
        Plan plan = decide(graph, List.of("base", "lone"), Set.of(AMD));
        assertDecision(Decision.Build.class, "stage linux/amd64 again: staged from other content: linux/amd64 under "
                + "1.0.0__cip-linux-amd64 (fingerprint sha256:999999999999), the tree's is sha256:111111111111",
                plan, "base");
        assertDecision(Decision.Build.class, "stage linux/amd64; other platforms staged from other content: "
                + "linux/arm64 under 1__cip-linux-arm64 (fingerprint sha256:999999999999), this tree's is "
                + "sha256:111111111111", plan, "lone");
        assertTrue(plan.warnings().stream().anyMatch(w -> w.startsWith("lone 1: linux/arm64 under 1__cip-linux-arm64")
                && w.contains("stage those platforms again")), plan.warnings().toString());

        content.clear();
        stagedFrom(NEW, "base", "1.0.0", "1.0.0__cip-linux-amd64", AMD);
        assertDecision(Decision.Skip.class, "already staged with linux/amd64",
                decide(graph, List.of("base"), Set.of(AMD)), "base");
    }
}
