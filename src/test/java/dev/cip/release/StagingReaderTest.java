package dev.cip.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cip.oci.Platform;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.testing.Started;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StagingReaderTest {
    @Started
    private TestRegistry registry;
    @Started(quickRetries = true)
    private RegistryClient client;

    private TestImages.Pushed stage(String name, String version, List<String> platforms) {
        return TestImages.pushIndex(client, registry.address(), name, StagingTag.of(version, platforms).tag(),
                platforms, Map.of(), true, 50);
    }

    @Test
    void findsTheNarrowestStagingTagCoveringThePlatformsOfItsVersionOnly() {
        String name = TestImages.namespace("sr") + "/app";
        TestImages.Pushed both = stage(name, "1.0", List.of("linux/amd64", "linux/arm64"));
        TestImages.Pushed arm = stage(name, "1.0", List.of("linux/arm64"));
        stage(name, "1.1", List.of("linux/amd64"));
        TestImages.pushIndex(client, registry.address(), name, "1.0", List.of("linux/amd64"), Map.of(), false, 10);
        StagingReader reader = new StagingReader(client, registry.address());

        assertEquals(List.of("1.0__cip-linux-amd64_linux-arm64", "1.0__cip-linux-arm64"),
                reader.stagingTags(name, "1.0").stream().map(StagingTag::tag).toList());
        StagingReader.Pinned p = reader.covering(name, "1.0", List.of(Platform.parse("linux/arm64"))).orElseThrow();
        assertEquals("1.0__cip-linux-arm64", p.tag().tag());
        assertEquals(arm.digest(), p.digest());
        StagingReader.Pinned amd = reader.covering(name, "1.0", List.of(Platform.parse("linux/amd64")))
                .orElseThrow();
        assertEquals(both.digest(), amd.digest());
        assertEquals(Optional.empty(), reader.covering(name, "1.0", List.of(Platform.parse("linux/s390x"))));
        assertEquals(Optional.empty(), reader.covering(name, "2.0", List.of()));
    }

    @Test
    void stageJsonHasOneEntryPerImageAndPlatformReadBackFromTheRegistry(@TempDir Path dir) throws Exception {
        String name = TestImages.namespace("sr") + "/app";
        List<String> platforms = List.of("linux/amd64", "linux/arm64");
        TestImages.Pushed pushed = stage(name, "1.0", platforms);
        StagingReader reader = new StagingReader(client, registry.address());
        List<StageReport.Entry> entries = StageReport.collect(reader, List.of(new StageReport.Staged(name, "1.0",
                StagingTag.of("1.0", platforms), Optional.of("fp1"))));
        Path file = StageReport.write(dir, registry.address(), platforms, entries);

        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals(2, root.path("images").size());
        for (JsonNode e : root.path("images")) {
            String platform = e.path("platform").asText();
            assertEquals(name, e.path("image").asText());
            assertEquals("1.0", e.path("version").asText());
            assertEquals("1.0__cip-linux-amd64_linux-arm64", e.path("tag").asText());
            assertEquals(pushed.digest(), e.path("tagDigest").asText());
            assertEquals(pushed.manifests().get(platform), e.path("digest").asText());
            assertEquals("fp1", e.path("fingerprint").asText());
        }
        assertTrue(root.path("platforms").toString().contains("linux/arm64"));
    }

    /**
     * Shards staged a parent under one tag each; a one-machine child run needs both platforms in one solve. The
     * reader assembles the index a release would, stages it under the tag of exactly those platforms, and the
     * release later releases those very bytes: the child is built on the index its parent is released as.
     */
    @Test
    void shardTagsAreCombinedIntoTheIndexTheReleaseWillPublish() throws Exception {
        String name = TestImages.namespace("sr") + "/base";
        TestImages.Pushed amd = stage(name, "1.0", List.of("linux/amd64"));
        TestImages.Pushed arm = stage(name, "1.0", List.of("linux/arm64"));
        StagingReader reader = new StagingReader(client, registry.address());
        List<Platform> both = List.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64/v8"));
        assertEquals(Optional.empty(), reader.covering(name, "1.0", both));

        StagingReader.Pinned planned = reader.stagePin(name, "1.0", both, false).orElseThrow();
        assertEquals("1.0__cip-linux-amd64_linux-arm64", planned.tag().tag());
        assertEquals(Optional.empty(), client.head(registry.address(), name, planned.tag().tag()),
                "a plan writes nothing");

        StagingReader.Pinned pinned = reader.stagePin(name, "1.0", both, true).orElseThrow();
        assertEquals(planned.digest(), pinned.digest());
        assertEquals(pinned.digest(), client.head(registry.address(), name, pinned.tag().tag()).orElseThrow().digest());
        StagedManifest combined = reader.read(name, pinned.tag()).orElseThrow();
        assertEquals(amd.manifests().get("linux/amd64"),
                combined.platforms().get(Platform.parse("linux/amd64")).digest());
        assertEquals(arm.manifests().get("linux/arm64"),
                combined.platforms().get(Platform.parse("linux/arm64")).digest());
        // asked again, the combined tag now covers: the same digest, nothing written twice
        assertEquals(pinned.digest(), reader.stagePin(name, "1.0", both, true).orElseThrow().digest());

        ReleaseOutcome released = new Releaser(client, registry.address(), 2).release(
                List.of(new ReleaseImage(name, "1.0", List.of("linux/amd64", "linux/arm64"), Map.of())),
                ReleaseMode.END, true, false);
        assertTrue(released.succeeded(), released.toString());
        assertEquals(pinned.digest(), client.head(registry.address(), name, "1.0").orElseThrow().digest());

        assertEquals(Optional.empty(), reader.stagePin(name, "1.0", List.of(Platform.parse("linux/s390x")), true));
    }

    @Test
    void whatIsStagedIsReadWithTheFingerprintOfEachPlatformAndTheStoreHandsItToThePlan() {
        String name = TestImages.namespace("s") + "/app";
        TestImages.pushIndex(client, registry.address(), name, "1.0__cip-linux-amd64", List.of("linux/amd64"),
                Map.of("dev.cip.fingerprint", "sha256:aaaa"), true, 100);
        TestImages.pushSingle(client, registry.address(), name, "1.0__cip-linux-arm64", "linux/arm64",
                Map.of("dev.cip.fingerprint", "sha256:bbbb"), 100);
        TestImages.pushIndex(client, registry.address(), name, "1.0__cip-linux-s390x", List.of("linux/s390x"),
                Map.of(), false, 100);
        StagingReader reader = new StagingReader(client, registry.address());
        List<dev.cip.plan.StagedPlatform> expected = List.of(
                new dev.cip.plan.StagedPlatform("1.0__cip-linux-amd64", Platform.parse("linux/amd64"),
                        Optional.of("sha256:aaaa")),
                new dev.cip.plan.StagedPlatform("1.0__cip-linux-arm64", Platform.parse("linux/arm64"),
                        Optional.of("sha256:bbbb")),
                new dev.cip.plan.StagedPlatform("1.0__cip-linux-s390x", Platform.parse("linux/s390x"),
                        Optional.empty()));
        assertEquals(expected, reader.content(name, "1.0"));
        dev.cip.plan.ImageStore released = new dev.cip.plan.ImageStore() {
            @Override
            public Optional<dev.cip.plan.StoredImage> find(String n, String tag, boolean withDetails) {
                return Optional.empty();
            }

            @Override
            public String describe() {
                return "registry";
            }
        };
        assertEquals(expected, new StagingAwareStore(released, reader).stagedContent(name, "1.0"));
    }
}
