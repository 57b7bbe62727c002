package dev.cip.plan;

import dev.cip.graph.ImageGraph;
import dev.cip.oci.Platform;
import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlannerTest {
    private static final String REG = "localhost:5000";
    private static final List<String> BOTH = List.of("linux/amd64", "linux/arm64");

    @TempDir
    Path root;

    /** What a store holds, as plain data: {@code name:tag} to what is stored there. */
    static final class Stored {
        final Map<String, StoredImage> images = new HashMap<>();

        Stored put(String name, String tag, String... platforms) {
            images.put(name + ":" + tag, new StoredImage(Arrays.stream(platforms).map(Platform::parseAny)
                    .collect(Collectors.toSet()), Optional.empty()));
            return this;
        }

        Stored putWithFingerprint(String name, String tag, String fingerprint) {
            images.put(name + ":" + tag, new StoredImage(Set.of(), Optional.of(fingerprint)));
            return this;
        }

        /** The observations of store "memory" for every tag of the graph a plan can ask about. */
        Observations observations(ImageGraph graph, Map<String, String> fingerprints) {
            Map<Observations.Tag, Optional<StoredImage>> found = new HashMap<>();
            for (String name : graph.names()) {
                List<String> tags = new ArrayList<>(List.of(graph.node(name).version()));
                graph.node(name).internal().forEach(e -> {
                    String wanted = graph.wantedVersion(e);
                    found.put(new Observations.Tag(e.parent(), wanted),
                            Optional.ofNullable(images.get(e.parent() + ":" + wanted)));
                });
                for (String tag : tags) {
                    found.put(new Observations.Tag(name, tag), Optional.ofNullable(images.get(name + ":" + tag)));
                }
            }
            return new Observations("memory", found, fingerprints);
        }
    }

    private ProjectFixture project() {
        return ProjectFixture.in(root);
    }

    /** base 1.0.0 <- app 2.0.0 <- tool 3.0.0; lone 1 on its own. */
    private ImageGraph chain() {
        return project()
                .image("00-base", "1.0.0")
                .image("00-lone", "1")
                .image("01-app", "2.0.0", "base:1.0.0")
                .image("02-tool", "3.0.0", "app:2.0.0")
                .graph(REG);
    }

    private static Plan plan(Stored store, Goal goal, ImageGraph graph, List<String> selected,
                             Function<String, List<String>> platforms, Map<String, String> fingerprints) {
        return Planner.decide(goal, graph, selected, n -> Platform.parseAll(platforms.apply(n)),
                store.observations(graph, fingerprints));
    }

    private static Plan plan(Stored store, ImageGraph graph) {
        return plan(store, Goal.PUBLISH_LOCALLY, graph, graph.topologicalOrder(), n -> List.of(), Map.of());
    }

    private static Decision decision(Plan plan, String name) {
        return plan.image(name).orElseThrow(() -> new AssertionError("no plan for " + name)).decision();
    }

    private static void assertDecision(Class<? extends Decision> kind, String reason, Plan plan, String name) {
        Decision d = decision(plan, name);
        assertInstanceOf(kind, d, name + ": " + d);
        assertEquals(reason, d.reason(), name);
    }

    @Test
    void everythingPresentIsSkipped() {
        ImageGraph graph = chain();
        Stored store = new Stored().put("base", "1.0.0").put("lone", "1").put("app", "2.0.0")
                .put("tool", "3.0.0");
        Plan plan = plan(store, graph);
        assertEquals(graph.topologicalOrder(), plan.images().stream().map(ImagePlan::name).toList());
        for (String name : graph.topologicalOrder()) {
            assertDecision(Decision.Skip.class, "already in memory", plan, name);
            assertEquals("SKIP", decision(plan, name).label());
        }
        assertEquals(List.of(), plan.toBuild());
        assertEquals(List.of(), plan.warnings());
        assertEquals(Goal.PUBLISH_LOCALLY, plan.goal());
        assertEquals(REG, plan.registry());
        assertEquals("memory", plan.store());
        assertEquals(Set.of("base"), plan.image("app").get().parents());
    }

    @Test
    void everythingPresentWithAllPlatformsIsSkipped() {
        ImageGraph graph = project().image("00-base", "1.0.0").graph(REG);
        Stored store = new Stored().put("base", "1.0.0", "linux/amd64", "linux/arm64");
        Plan plan = plan(store, Goal.PUBLISH, graph, graph.topologicalOrder(), n -> BOTH, Map.of());
        assertDecision(Decision.Skip.class, "already published with all platforms", plan, "base");
        assertEquals(BOTH, plan.image("base").get().platforms().stream().map(Platform::toString).toList());
    }

    @Test
    void missingIsBuiltAsANewVersion() {
        Plan plan = plan(new Stored(), chain());
        assertDecision(Decision.Build.class, "new version 1.0.0", plan, "base");
        assertDecision(Decision.Build.class, "new version 2.0.0", plan, "app");
        assertDecision(Decision.Build.class, "new version 3.0.0", plan, "tool");
        assertEquals("BUILD", decision(plan, "base").label());
        assertEquals(4, plan.toBuild().size());
        assertEquals(4, plan.count(Decision.Build.class));
    }

    @Test
    void aMissingPlatformIsBuiltAndNamed() {
        ImageGraph graph = project().image("00-base", "1.0.0").image("00-other", "1").graph(REG);
        Stored store = new Stored().put("base", "1.0.0", "linux/amd64")
                .put("other", "1", "linux/arm/v7", "linux/amd64");
        Plan plan = plan(store, Goal.PUBLISH, graph, graph.topologicalOrder(), n -> BOTH, Map.of());
        assertDecision(Decision.Build.class, "missing platforms linux/arm64", plan, "base");
        assertDecision(Decision.Build.class, "missing platforms linux/arm64", plan, "other");
    }

    @Test
    void platformsWrittenAnotherWayOrInAnotherOrderArePublishedAlready() {
        // Published with linux/amd64 and linux/arm64 (what a registry reports); info.edn says it another way.
        ImageGraph graph = project()
                .context("00-base", "FROM scratch\n",
                        "{:version \"1.0.0\" :platforms [\"linux/arm64/v8\" \"linux/amd64\"]}")
                .graph(REG);
        Stored store = new Stored().put("base", "1.0.0", "linux/arm64", "linux/amd64");
        Plan plan = Planner.decide(Goal.PUBLISH, graph, graph.topologicalOrder(),
                n -> graph.node(n).context().info().platforms().orElseThrow(), store.observations(graph, Map.of()));
        assertDecision(Decision.Skip.class, "already published with all platforms", plan, "base");
    }

    @Test
    void theLocalPlatformIsNotCheckedAgainstTheIndex() {
        // onlyLocalPlatform: no platforms required, so an index without details still counts as present.
        ImageGraph graph = project().image("00-base", "1.0.0").graph(REG);
        Plan plan = plan(new Stored().put("base", "1.0.0"), graph);
        assertDecision(Decision.Skip.class, "already in memory", plan, "base");
    }

    @Test
    void presentChildOfAMissingParentIsSkipped() {
        Plan plan = plan(new Stored().put("app", "2.0.0").put("tool", "3.0.0"), chain());
        assertInstanceOf(Decision.Build.class, decision(plan, "base"));
        assertInstanceOf(Decision.Skip.class, decision(plan, "app"));
        assertInstanceOf(Decision.Skip.class, decision(plan, "tool"));
    }

    @Test
    void missingChildOfAParentBeingBuiltIsBuilt() {
        Plan plan = plan(new Stored().put("lone", "1"), chain());
        assertDecision(Decision.Build.class, "new version 1.0.0", plan, "base");
        assertDecision(Decision.Build.class, "new version 2.0.0", plan, "app");
        assertDecision(Decision.Build.class, "new version 3.0.0", plan, "tool");
        assertInstanceOf(Decision.Skip.class, decision(plan, "lone"));
    }

    @Test
    void missingParentNotSelectedBlocksAndSaysHowToSelectIt() {
        ImageGraph graph = chain();
        Plan plan = plan(new Stored(), Goal.PUBLISH_LOCALLY, graph, graph.select(List.of("app", "tool"),
                false, false), n -> List.of(), Map.of());
        assertEquals(List.of("app", "tool"), plan.images().stream().map(ImagePlan::name).toList());
        Decision app = decision(plan, "app");
        assertInstanceOf(Decision.Blocked.class, app);
        assertEquals("BLOCKED", app.label());
        assertTrue(app.reason().contains("base 1.0.0") && app.reason().contains("select its ancestors too")
                && app.reason().contains("memory"), app.reason());
        // ... and its child is blocked by it.
        assertDecision(Decision.Blocked.class, "parent app is blocked", plan, "tool");
        assertEquals(List.of(), plan.toBuild());
    }

    @Test
    void parentNotSelectedButPresentIsFine() {
        ImageGraph graph = chain();
        Plan plan = plan(new Stored().put("base", "1.0.0"), Goal.PUBLISH_LOCALLY, graph,
                graph.select(List.of("app"), false, false), n -> List.of(), Map.of());
        assertDecision(Decision.Build.class, "new version 2.0.0", plan, "app");
    }

    @Test
    void staleReferenceToAnExistingOldVersionBuildsAndWarns() {
        // app still builds on base:0.9.0 although base is at 1.0.0; base:0.9.0 is published.
        ImageGraph graph = project()
                .image("00-base", "1.0.0")
                .image("01-app", "2.0.0", "base:0.9.0")
                .graph(REG);
        Plan plan = plan(new Stored().put("base", "0.9.0"), graph);
        assertDecision(Decision.Build.class, "new version 1.0.0", plan, "base");
        assertDecision(Decision.Build.class, "new version 2.0.0", plan, "app");
        assertEquals(1, plan.warnings().size(), plan.warnings().toString());
        String w = plan.warnings().get(0);
        assertTrue(w.contains("app uses base:0.9.0") && w.contains("1.0.0") && w.contains("run the cascade")
                && w.contains("Dockerfile"), w);
    }

    @Test
    void staleReferenceToAMissingOldVersionBlocksAndPointsToCascade() {
        ImageGraph graph = project()
                .image("00-base", "1.0.0")
                .image("01-app", "2.0.0", "base:0.9.0")
                .graph(REG);
        Plan plan = plan(new Stored(), graph);
        assertInstanceOf(Decision.Build.class, decision(plan, "base"));
        Decision app = decision(plan, "app");
        assertInstanceOf(Decision.Blocked.class, app);
        assertTrue(app.reason().contains("base 0.9.0") && app.reason().contains("run the cascade"), app.reason());
        assertEquals(1, plan.warnings().size());
    }

    @Test
    void staleWarningsOnlyForSelectedImages() {
        ImageGraph graph = project()
                .image("00-base", "1.0.0")
                .image("01-app", "2.0.0", "base:0.9.0")
                .graph(REG);
        Plan plan = plan(new Stored(), Goal.PUBLISH_LOCALLY, graph, List.of("base"), n -> List.of(),
                Map.of());
        assertEquals(List.of(), plan.warnings());
    }

    @Test
    void latestReferenceIsNeverStaleAndFollowsTheCurrentParent() {
        ImageGraph graph = project()
                .image("00-base", "1.0.0")
                .image("01-app", "2.0.0", "base:latest")
                .graph(REG);
        Plan plan = plan(new Stored(), graph);
        assertDecision(Decision.Build.class, "new version 2.0.0", plan, "app");
        assertEquals(List.of(), plan.warnings());
    }

    @Test
    void fingerprintMismatchOnAPresentImageWarnsNamingImageAndVersion() {
        ImageGraph graph = project().image("00-base", "1.0.0").image("00-same", "5").graph(REG);
        Stored store = new Stored().putWithFingerprint("base", "1.0.0", "sha256:old")
                .putWithFingerprint("same", "5", "sha256:same");
        Map<String, String> fingerprints = new HashMap<>(Map.of("base", "sha256:new", "same", "sha256:same"));
        Plan plan = plan(store, Goal.PUBLISH_LOCALLY, graph, graph.topologicalOrder(), n -> List.of(),
                fingerprints);
        assertInstanceOf(Decision.Skip.class, decision(plan, "base"));
        assertEquals(1, plan.warnings().size(), plan.warnings().toString());
        String w = plan.warnings().get(0);
        assertTrue(w.startsWith("base 1.0.0:") && w.contains("not bumped") && w.contains("info.edn"), w);
        assertEquals(Optional.of("sha256:new"), plan.image("base").get().fingerprint());
        assertEquals(List.of("base"), plan.changedNotBumped());
    }

    @Test
    void noFingerprintRecordedMeansNoWarning() {
        ImageGraph graph = project().image("00-base", "1.0.0").graph(REG);
        Plan plan = plan(new Stored().put("base", "1.0.0"), Goal.PUBLISH_LOCALLY, graph,
                graph.topologicalOrder(), n -> List.of(), Map.of("base", "sha256:new"));
        assertEquals(List.of(), plan.warnings());
    }

    @Test
    void theImageWhoseOwnContentChangedIsNamedAndItsDescendantsFollowItWithOneSuggestion() {
        ImageGraph graph = project()
                .image("00-base", "1.0.0")
                .image("01-node", "20.1.0", "base:1.0.0")
                .image("02-legacy", "3.0", "node:20.1.0")
                .image("01-other", "5")
                .graph(REG);
        Stored store = new Stored().putWithFingerprint("base", "1.0.0", "sha256:b-old")
                .putWithFingerprint("node", "20.1.0", "sha256:n-old")
                .putWithFingerprint("legacy", "3.0", "sha256:l-old")
                .putWithFingerprint("other", "5", "sha256:o");
        // base's own content changed: every fingerprint below it changes with it; other is untouched
        Map<String, String> prints = Map.of("base", "sha256:b-new", "node", "sha256:n-new", "legacy", "sha256:l-new",
                "other", "sha256:o");
        Plan plan = Planner.decide(Goal.PUBLISH_LOCALLY, graph, graph.topologicalOrder(), n -> List.of(),
                store.observations(graph, prints), Set.of(), Advice.PLAIN);
        assertEquals(List.of("base", "node", "legacy"), plan.changedNotBumped());
        assertEquals(List.of("base"), plan.changedRoots());
        assertEquals(3, plan.warnings().size(), plan.warnings().toString());
        assertTrue(plan.warnings().get(0).startsWith("base 1.0.0: the context changed since this version was"
                + " published, but the version was not bumped"), plan.warnings().get(0));
        assertTrue(plan.warnings().get(0).endsWith(Advice.PLAIN.update("base")), plan.warnings().get(0));
        for (String follower : List.of("node", "legacy")) {
            String w = plan.warnings().stream().filter(x -> x.startsWith(follower + " ")).findFirst().orElseThrow();
            assertTrue(w.contains(": parent base changed since this version was published"), w);
            assertFalse(w.contains("context changed") || w.contains(Advice.PLAIN.update("base")),
                    "one suggestion, on base: " + w);
        }
    }

    @Test
    void aParentBumpedButNotCascadedIsNoChangeOfItsChildren() {
        // base was bumped to 1.0.1; app still builds on the published base 1.0.0, so app is what was published
        ImageGraph graph = project()
                .image("00-base", "1.0.1")
                .image("01-app", "2.0.0", "base:1.0.0")
                .graph(REG);
        Stored store = new Stored().put("base", "1.0.0").putWithFingerprint("app", "2.0.0", "sha256:a-old");
        Plan plan = Planner.decide(Goal.PUBLISH_LOCALLY, graph, graph.topologicalOrder(), n -> List.of(),
                store.observations(graph, Map.of("base", "sha256:b-new", "app", "sha256:a-on-version-1.0.0")),
                Set.of(), Advice.PLAIN);
        assertEquals(List.of(), plan.changedNotBumped(), "cip.strict accepts it");
        assertEquals(1, plan.warnings().size(), plan.warnings().toString());
        assertTrue(plan.warnings().get(0).contains("base:1.0.0") && plan.warnings().get(0).contains("1.0.1"),
                "the stale reference says precisely what is not cascaded yet: " + plan.warnings().get(0));
    }

    @Test
    void aProjectImageNamedWithoutTheRegistryIsWarnedWithFileLineAndFix() {
        ImageGraph graph = project()
                .image("00-node", "20.1.1")
                .context("01-app", "FROM alpine:3.19 AS tools\nFROM node:20.1.1\nCOPY --from=tools / /\n",
                        "{:version \"1.0.0\"}")
                .graph(REG);
        Plan plan = plan(new Stored(), graph);
        assertEquals(1, plan.warnings().size(), plan.warnings().toString());
        String w = plan.warnings().get(0);
        assertTrue(w.startsWith(root.resolve("contexts/01-app/Dockerfile") + ":2: FROM node:20.1.1 names node, an"
                + " image of this project, without ${REGISTRY}/"), w);
        assertTrue(w.contains("write ${REGISTRY}/node:20.1.1"), w);
        assertTrue(graph.node("app").internal().isEmpty(), "still an external image, as BuildKit will take it");
    }
}
