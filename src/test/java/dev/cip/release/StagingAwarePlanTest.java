package dev.cip.release;

import dev.cip.graph.ImageGraph;
import dev.cip.oci.Platform;
import dev.cip.plan.Decision;
import dev.cip.plan.Goal;
import dev.cip.plan.Plan;
import dev.cip.plan.Planner;
import dev.cip.store.RegistryImageStore;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The plan against a real registry where earlier shard runs staged images: RELEASE, and a shard's skips. */
class StagingAwarePlanTest {

    @Test
    void theRegistrysStagingTagsDecideReleaseAndShardSkips(@TempDir Path root) throws Exception {
        try (TestRegistry registry = TestRegistry.open(); RegistryClient client = TestImages.quickRetryClient()) {
            String reg = registry.address() + "/" + TestImages.namespace("sp");
            ImageGraph graph = ProjectFixture.in(root).image("00-base", "1.0.0").image("01-app", "2.0.0",
                    "base:1.0.0").graph(reg);
            for (String p : List.of("linux/amd64", "linux/arm64")) {
                TestImages.pushIndex(client, reg, "base", StagingTag.of("1.0.0", List.of(p)).tag(), List.of(p),
                        Map.of(), true, 20);
            }
            TestImages.pushIndex(client, reg, "app", StagingTag.of("2.0.0", List.of("linux/arm64")).tag(),
                    List.of("linux/arm64"), Map.of(), true, 20);
            Planner planner = new Planner(new StagingAwareStore(new RegistryImageStore(client, reg, true),
                    new StagingReader(client, reg)), 4);
            List<Platform> both = Platform.parseAll(List.of("linux/amd64", "linux/arm64"));

            Plan plan = planner.plan(Goal.PUBLISH, graph, graph.topologicalOrder(), n -> both, Map::of);
            assertInstanceOf(Decision.Release.class, plan.image("base").orElseThrow().decision());
            assertInstanceOf(Decision.Build.class, plan.image("app").orElseThrow().decision());

            Plan arm = planner.plan(Goal.PUBLISH, graph, graph.topologicalOrder(), n -> both, Map::of,
                    Set.of(Platform.parse("linux/arm64")));
            assertEquals(List.of(), arm.toBuild(), "a second arm64 shard builds nothing");
            Plan amd = planner.plan(Goal.PUBLISH, graph, graph.topologicalOrder(), n -> both, Map::of,
                    Set.of(Platform.parse("linux/amd64")));
            assertEquals(List.of("app"), amd.toBuild().stream().map(i -> i.name()).toList());
        }
    }
}
