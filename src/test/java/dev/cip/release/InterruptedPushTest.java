package dev.cip.release;

import dev.cip.graph.ImageGraph;
import dev.cip.oci.Platform;
import dev.cip.plan.Decision;
import dev.cip.plan.Goal;
import dev.cip.plan.Plan;
import dev.cip.plan.Planner;
import dev.cip.registry.Manifest;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import dev.cip.store.RegistryImageStore;
import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A staging tag left by a push cut short: Docker 26's {@code docker push} (which buildx runs after BuildKit's own push
 * on the {@code docker} driver) puts each manifest of the image under the tag in turn, the index last, so a run killed
 * in between leaves the tag on the platform manifest or on the attestation manifest. On the attestation manifest it
 * holds no image: nothing may plan it as staged, pin a child on it or release it (BuildKit then failed the child's
 * build with "no processor for media-type application/vnd.in-toto+json", the flake of killed-publish).
 */
class InterruptedPushTest {
    private static final List<Platform> AMD64 = List.of(Platform.parse("linux/amd64"));

    @Test
    void aStagingTagLeftOnTheAttestationManifestIsNotStaged(@TempDir Path root) throws Exception {
        try (TestRegistry registry = TestRegistry.open(); RegistryClient client = TestImages.quickRetryClient()) {
            String reg = registry.address() + "/" + TestImages.namespace("ip");
            ImageGraph graph = ProjectFixture.in(root).image("00-base", "1.0.0").image("01-app", "2.0.0",
                    "base:1.0.0").graph(reg);
            String tag = StagingTag.of("1.0.0", List.of("linux/amd64")).tag();
            TestImages.Pushed staged = TestImages.pushIndex(client, reg, "base", tag, List.of("linux/amd64"),
                    Map.of(), true, 20);
            StagingReader reader = new StagingReader(client, reg);
            Planner planner = new Planner(new StagingAwareStore(new RegistryImageStore(client, reg, true), reader), 4);

            // as docker push leaves it when stopped after the attestation manifest went under the tag
            leaveTagOn(client, reg, tag, staged.manifests().get("attestation"));
            assertTrue(client.manifest(reg, "base", tag).orElseThrow().isAttestation());
            assertEquals(Map.of(), reader.platformsByTag("base", "1.0.0"));
            assertEquals(Optional.empty(), reader.covering("base", "1.0.0", AMD64), "never pinned on");
            assertEquals(Optional.empty(), reader.stagePin("base", "1.0.0", AMD64, false));
            assertEquals(List.of(), reader.read("base", "1.0.0"), "never released");
            assertEquals(List.of(), reader.content("base", "1.0.0"));
            Plan plan = planner.plan(Goal.PUBLISH, graph, graph.topologicalOrder(), n -> AMD64, Map::of);
            assertInstanceOf(Decision.Build.class, plan.image("base").orElseThrow().decision());

            // stopped after the platform manifest went under the tag: that is still the image, staged
            leaveTagOn(client, reg, tag, staged.manifests().get("linux/amd64"));
            assertEquals(List.of(Platform.parse("linux/amd64")), reader.platformsByTag("base", "1.0.0").values()
                    .iterator().next());
            assertEquals(staged.manifests().get("linux/amd64"),
                    reader.covering("base", "1.0.0", AMD64).orElseThrow().digest());
            plan = planner.plan(Goal.PUBLISH, graph, graph.topologicalOrder(), n -> AMD64, Map::of);
            assertInstanceOf(Decision.Release.class, plan.image("base").orElseThrow().decision());
        }
    }

    private static void leaveTagOn(RegistryClient client, String reg, String tag, String digest) {
        Manifest m = client.manifest(reg, "base", digest).orElseThrow();
        client.putManifest(reg, "base", tag, m.mediaType(), m.raw());
    }
}
