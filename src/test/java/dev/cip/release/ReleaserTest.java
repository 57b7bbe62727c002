package dev.cip.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cip.registry.Manifest;
import dev.cip.registry.MediaTypes;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.testing.FaultProxy;
import dev.cip.registry.testing.Started;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The release against a real registry (distribution 2.8 on loopback), with staged images pushed for real. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BOTH = List.of("linux/amd64", "linux/arm64");

    @Started
    private TestRegistry registry;
    @Started(quickRetries = true)
    private RegistryClient client;

    private String reg() {
        return registry.address();
    }

    private TestImages.Pushed stage(String name, String version, List<String> platforms) {
        return TestImages.pushIndex(client, reg(), name, StagingTag.of(version, platforms).tag(), platforms,
                Map.of("dev.cip.fingerprint", "fp-" + name), true, 300);
    }

    private ReleaseOutcome release(List<ReleaseImage> images, ReleaseMode mode) throws InterruptedException {
        return new Releaser(client, reg(), 4).release(images, mode, true, false);
    }

    private static ReleaseImage image(String name, String version, List<String> platforms, String... parents) {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        for (String parent : parents) {
            p.put(parent, "1.0");
        }
        return new ReleaseImage(name, version, platforms, p);
    }

    private Optional<String> digest(String name, String tag) {
        return client.head(reg(), name, tag).map(h -> h.digest());
    }

    @Test
    void twoShardsMakeOneIndexWithEveryPlatformAndItsAttestations() throws Exception {
        String name = TestImages.namespace("r") + "/app";
        TestImages.Pushed amd = stage(name, "1.0", List.of("linux/amd64"));
        TestImages.Pushed arm = stage(name, "1.0", List.of("linux/arm64"));

        ReleaseOutcome out = release(List.of(image(name, "1.0", BOTH)), ReleaseMode.END);

        ImageRelease r = out.images().get(0);
        assertEquals(ImageRelease.Status.RELEASED, r.status(), r.reason());
        assertEquals(List.of("1.0", "latest"), r.written());
        Manifest index = client.manifest(reg(), name, "1.0").orElseThrow();
        assertEquals(MediaTypes.OCI_INDEX, index.mediaType());
        assertEquals(r.digest().orElseThrow(), index.digest());
        assertEquals(index.digest(), digest(name, "latest").orElseThrow());
        Map<String, String> platforms = new java.util.TreeMap<>();
        index.platformEntries().forEach(d -> platforms.put(d.platform().toString(), d.digest()));
        assertEquals(Map.of("linux/amd64", amd.manifests().get("linux/amd64"),
                "linux/arm64", arm.manifests().get("linux/arm64")), platforms);
        // each attestation comes along and still points at its platform manifest
        JsonNode entries = JSON.readTree(index.raw()).path("manifests");
        List<String> attested = new ArrayList<>();
        for (JsonNode e : entries) {
            if (e.path("platform").path("os").asText().equals("unknown")) {
                attested.add(e.path("annotations").path("vnd.docker.reference.digest").asText());
                assertTrue(new java.util.HashSet<>(List.of(amd.manifests().get("attestation"),
                        arm.manifests().get("attestation")))
                        .contains(e.path("digest").asText()));
            }
        }
        assertEquals(new TreeSet<>(platforms.values()), new TreeSet<>(attested));
        // distribution 2.8 does not delete tags: the staging tags are listed, not removed
        assertEquals(List.of(name + ":1.0__cip-linux-amd64", name + ":1.0__cip-linux-arm64"), out.leftStaging());
        assertTrue(out.deletedStaging().isEmpty());
        assertTrue(client.tags(reg(), name).contains("1.0__cip-linux-arm64"));
    }

    @Test
    void releasingAgainWritesNothing() throws Exception {
        String name = TestImages.namespace("r") + "/app";
        stage(name, "2.1", List.of("linux/amd64"));
        stage(name, "2.1", List.of("linux/arm64"));
        ReleaseOutcome first = release(List.of(image(name, "2.1", BOTH)), ReleaseMode.END);
        String digest = first.images().get(0).digest().orElseThrow();

        try (FaultProxy proxy = FaultProxy.to(reg())) {
            ReleaseOutcome again = new Releaser(client, proxy.address(), 4)
                    .release(List.of(image(name, "2.1", BOTH)), ReleaseMode.END, true, false);
            ImageRelease r = again.images().get(0);
            assertEquals(ImageRelease.Status.UNCHANGED, r.status(), r.reason());
            assertEquals(Optional.of(digest), r.digest());
            assertTrue(r.written().isEmpty());
            List<String> writes = proxy.seen().stream().filter(s -> s.method().equals("PUT")
                    || s.method().equals("POST") || s.method().equals("PATCH"))
                    .map(s -> s.method() + " " + s.path()).toList();
            assertEquals(List.of(), writes);
        }
        assertEquals(digest, digest(name, "2.1").orElseThrow());
        assertEquals(digest, digest(name, "latest").orElseThrow());
    }

    @Test
    void aOneMachineStageIsReleasedWithItsOwnBytes() throws Exception {
        String name = TestImages.namespace("r") + "/app";
        String tag = StagingTag.of("1.0", BOTH).tag();
        stage(name, "1.0", BOTH);
        // as a builder writes it: laid out its own way, so only its exact bytes give its digest
        byte[] pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(
                JSON.readTree(client.manifest(reg(), name, tag).orElseThrow().raw()));
        String stagedDigest = client.putManifest(reg(), name, tag, MediaTypes.OCI_INDEX, pretty);
        ReleaseOutcome out = release(List.of(image(name, "1.0", List.of("linux/arm64", "linux/amd64"))),
                ReleaseMode.END);
        assertEquals(ImageRelease.Status.RELEASED, out.images().get(0).status(), out.images().get(0).reason());
        assertEquals(stagedDigest, digest(name, "1.0").orElseThrow());
        assertArrayEquals(client.manifest(reg(), name, StagingTag.of("1.0", BOTH).tag()).orElseThrow().raw(),
                client.manifest(reg(), name, "1.0").orElseThrow().raw());
    }

    @Test
    void aSingleManifestShardJoinsAnIndexShard() throws Exception {
        String name = TestImages.namespace("r") + "/app";
        TestImages.Pushed amd = TestImages.pushSingle(client, reg(), name,
                StagingTag.of("1.0", List.of("linux/amd64")).tag(), "linux/amd64", Map.of("dev.cip.fingerprint",
                "fp-" + name), 200);
        TestImages.Pushed arm = stage(name, "1.0", List.of("linux/arm64"));
        ReleaseOutcome out = release(List.of(image(name, "1.0", BOTH)), ReleaseMode.END);
        assertEquals(ImageRelease.Status.RELEASED, out.images().get(0).status(), out.images().get(0).reason());
        Manifest index = client.manifest(reg(), name, "1.0").orElseThrow();
        Map<String, String> platforms = new java.util.TreeMap<>();
        index.platformEntries().forEach(d -> platforms.put(d.platform().toString(), d.digest()));
        assertEquals(Map.of("linux/amd64", amd.digest(), "linux/arm64", arm.manifests().get("linux/arm64")),
                platforms);
        assertEquals(MediaTypes.DOCKER_MANIFEST, index.platformEntries().stream()
                .filter(d -> d.platform().toString().equals("linux/amd64")).findFirst().orElseThrow().mediaType());
    }

    @Test
    void aMissingPlatformIsNamedAndNothingIsTagged() throws Exception {
        String name = TestImages.namespace("r") + "/app";
        stage(name, "1.0", List.of("linux/amd64"));
        ReleaseOutcome out = release(List.of(image(name, "1.0", BOTH)), ReleaseMode.END);
        ImageRelease r = out.images().get(0);
        assertEquals(ImageRelease.Status.MISSING_PLATFORMS, r.status());
        assertEquals(List.of("linux/arm64"), r.missing());
        assertTrue(r.reason().contains("linux/arm64"), r.reason());
        assertFalse(out.succeeded());
        assertTrue(digest(name, "1.0").isEmpty());
        assertTrue(digest(name, "latest").isEmpty());
        assertTrue(out.leftStaging().isEmpty());
    }

    @Test
    void endReleasesWhatCanBeAndAtomicNothing() throws Exception {
        String ns = TestImages.namespace("r");
        String base = ns + "/base";
        String app = ns + "/app";
        String other = ns + "/other";
        String lonely = ns + "/lonely";
        for (String n : List.of(base, app, other)) {
            stage(n, "1.0", List.of("linux/amd64"));
            stage(n, "1.0", List.of("linux/arm64"));
        }
        stage(lonely, "1.0", List.of("linux/amd64")); // arm64 missing
        String child = ns + "/child"; // on lonely: blocked by it, though fully staged
        stage(child, "1.0", BOTH);
        List<ReleaseImage> images = List.of(image(child, "1.0", BOTH, lonely), image(app, "1.0", BOTH, base),
                image(base, "1.0", BOTH), image(other, "1.0", BOTH), image(lonely, "1.0", BOTH));

        ReleaseOutcome atomic = release(images, ReleaseMode.ATOMIC);
        assertFalse(atomic.succeeded());
        for (String n : List.of(base, app, other, lonely, child)) {
            assertTrue(digest(n, "1.0").isEmpty(), n + " tagged by an atomic release that could not finish");
            assertTrue(digest(n, "latest").isEmpty(), n);
        }
        assertEquals(Set.of(base, app, other), Set.copyOf(atomic.with(ImageRelease.Status.HELD).stream()
                .map(ImageRelease::name).toList()));
        assertTrue(atomic.with(ImageRelease.Status.HELD).get(0).reason().contains(lonely));

        ReleaseOutcome end = release(images, ReleaseMode.END);
        assertEquals(ImageRelease.Status.MISSING_PLATFORMS, status(end, lonely));
        assertEquals(ImageRelease.Status.BLOCKED, status(end, child));
        assertTrue(reason(end, child).contains("parent " + lonely), reason(end, child));
        for (String n : List.of(base, app, other)) {
            assertEquals(ImageRelease.Status.RELEASED, status(end, n), reason(end, n));
            assertTrue(digest(n, "1.0").isPresent(), n);
        }
        assertTrue(digest(lonely, "1.0").isEmpty());
        assertTrue(digest(child, "1.0").isEmpty());
        // the results come in the order given
        assertEquals(images.stream().map(ReleaseImage::name).toList(),
                end.images().stream().map(ImageRelease::name).toList());
    }

    @Test
    void platformsStagedFromDifferentContentAreNeverOneIndex() throws Exception {
        String ns = TestImages.namespace("r");
        String mixed = ns + "/mixed";
        String fine = ns + "/fine";
        TestImages.pushIndex(client, reg(), mixed, "1.0__cip-linux-amd64", List.of("linux/amd64"),
                Map.of("dev.cip.fingerprint", "sha256:aaaaaaaaaaaa1111"), true, 300);
        TestImages.pushIndex(client, reg(), mixed, "1.0__cip-linux-arm64", List.of("linux/arm64"),
                Map.of("dev.cip.fingerprint", "sha256:bbbbbbbbbbbb2222"), true, 300);
        stage(fine, "1.0", List.of("linux/amd64"));
        stage(fine, "1.0", List.of("linux/arm64"));
        List<ReleaseImage> images = List.of(image(mixed, "1.0", BOTH), image(fine, "1.0", BOTH));

        ReleaseOutcome atomic = release(images, ReleaseMode.ATOMIC);
        assertEquals(ImageRelease.Status.MIXED_CONTENT, status(atomic, mixed), reason(atomic, mixed));
        assertEquals(ImageRelease.Status.HELD, status(atomic, fine), reason(atomic, fine));
        assertTrue(digest(fine, "1.0").isEmpty(), "an atomic release tagged beside a mixed image");
        for (String part : List.of("linux/amd64 fingerprint sha256:aaaaaaaaaaaa (1.0__cip-linux-amd64)",
                "linux/arm64 fingerprint sha256:bbbbbbbbbbbb (1.0__cip-linux-arm64)")) {
            assertTrue(reason(atomic, mixed).contains(part), reason(atomic, mixed));
        }

        ReleaseOutcome end = release(images, ReleaseMode.END);
        assertEquals(ImageRelease.Status.MIXED_CONTENT, status(end, mixed), reason(end, mixed));
        assertEquals(ImageRelease.Status.RELEASED, status(end, fine), reason(end, fine));
        assertTrue(digest(mixed, "1.0").isEmpty(), "a mixed index was tagged");
        assertTrue(digest(mixed, "latest").isEmpty());

        // the stale shard staged again, from the content of the other: one content, released
        TestImages.pushIndex(client, reg(), mixed, "1.0__cip-linux-arm64", List.of("linux/arm64"),
                Map.of("dev.cip.fingerprint", "sha256:aaaaaaaaaaaa1111"), true, 300);
        ReleaseOutcome again = release(List.of(image(mixed, "1.0", BOTH)), ReleaseMode.END);
        assertEquals(ImageRelease.Status.RELEASED, status(again, mixed), reason(again, mixed));
        assertTrue(digest(mixed, "1.0").isPresent());
    }

    @Test
    void aChildIsNotReleasedBeforeAParentOutsideTheSelection() throws Exception {
        String ns = TestImages.namespace("r");
        String base = ns + "/base";
        String app = ns + "/app";
        stage(base, "1.0", BOTH);
        stage(app, "1.0", BOTH);
        ReleaseOutcome out = release(List.of(image(app, "1.0", BOTH, base)), ReleaseMode.END);
        assertEquals(ImageRelease.Status.BLOCKED, status(out, app));
        assertTrue(reason(out, app).contains(base + " 1.0 is not released"), reason(out, app));
        assertTrue(digest(app, "1.0").isEmpty());

        release(List.of(image(base, "1.0", BOTH)), ReleaseMode.END);
        ReleaseOutcome after = release(List.of(image(app, "1.0", BOTH, base)), ReleaseMode.END);
        assertEquals(ImageRelease.Status.RELEASED, status(after, app), reason(after, app));
    }

    @Test
    void aFailedBuildIsListedAndBlocksItsChildren() throws Exception {
        String ns = TestImages.namespace("r");
        String base = ns + "/base";
        String app = ns + "/app";
        stage(base, "1.0", BOTH); // an earlier run staged it; this run's build of it failed
        stage(app, "1.0", BOTH);
        ReleaseOutcome out = release(List.of(
                image(base, "1.0", BOTH).notBuilt(ImageRelease.Status.FAILED, "docker buildx bake failed"),
                image(app, "1.0", BOTH, base)), ReleaseMode.END);
        assertEquals(ImageRelease.Status.FAILED, status(out, base));
        assertEquals("docker buildx bake failed", reason(out, base));
        assertEquals(ImageRelease.Status.BLOCKED, status(out, app));
        assertTrue(digest(base, "1.0").isEmpty());
        assertTrue(digest(app, "1.0").isEmpty());
    }

    @Test
    void aReleasedVersionIsNeverReplaced() throws Exception {
        String name = TestImages.namespace("r") + "/app";
        TestImages.Pushed published = TestImages.pushIndex(client, reg(), name, "1.0", BOTH, Map.of(), false, 100);
        stage(name, "1.0", BOTH);
        ReleaseOutcome out = release(List.of(image(name, "1.0", BOTH)), ReleaseMode.END);
        assertEquals(ImageRelease.Status.CONFLICT, status(out, name));
        assertTrue(reason(out, name).contains("bump the version"), reason(out, name));
        assertEquals(published.digest(), digest(name, "1.0").orElseThrow());
        assertTrue(digest(name, "latest").isEmpty());
    }

    @Test
    void aVersionMissingAPlatformIsCompletedFromTheStage() throws Exception {
        String name = TestImages.namespace("r") + "/app";
        TestImages.Pushed old = TestImages.pushIndex(client, reg(), name, "1.0", List.of("linux/amd64"), Map.of(),
                false, 100);
        TestImages.Pushed staged = stage(name, "1.0", BOTH);
        ReleaseOutcome out = release(List.of(image(name, "1.0", BOTH)), ReleaseMode.END);
        assertEquals(ImageRelease.Status.RELEASED, status(out, name), reason(out, name));
        assertEquals(staged.digest(), digest(name, "1.0").orElseThrow());
        assertNotEquals(old.digest(), staged.digest());
    }

    @Test
    void anImageReleasedEarlierWithoutStagingTagsIsUnchanged() throws Exception {
        String name = TestImages.namespace("r") + "/app";
        TestImages.Pushed published = TestImages.pushIndex(client, reg(), name, "1.0", BOTH, Map.of(), false, 100);
        ReleaseOutcome out = release(List.of(image(name, "1.0", BOTH)), ReleaseMode.END);
        assertEquals(ImageRelease.Status.UNCHANGED, status(out, name), reason(out, name));
        assertEquals(Optional.of(published.digest()), out.images().get(0).digest());
        assertTrue(out.succeeded());
    }

    @Test
    void aDryRunWritesNothing() throws Exception {
        String name = TestImages.namespace("r") + "/app";
        stage(name, "1.0", BOTH);
        ReleaseOutcome out = new Releaser(client, reg(), 2).release(List.of(image(name, "1.0", BOTH)),
                ReleaseMode.END, true, true);
        assertEquals(ImageRelease.Status.RELEASED, status(out, name));
        assertEquals(List.of("1.0", "latest"), out.images().get(0).written());
        assertTrue(digest(name, "1.0").isEmpty());
    }

    @Test
    void extraTagsAreWrittenWithTheVersionInTheLastPassAndReleasingAgainWritesNothing() throws Exception {
        String name = TestImages.namespace("r") + "/app";
        stage(name, "1.0", BOTH);
        ReleaseImage tagged = image(name, "1.0", BOTH).withExtraTags(List.of("stable", "abc1234"));
        ReleaseOutcome first = release(List.of(tagged), ReleaseMode.END);
        ImageRelease r = first.images().get(0);
        assertEquals(ImageRelease.Status.RELEASED, r.status(), r.reason());
        assertEquals(List.of("1.0", "latest", "stable", "abc1234"), r.written());
        String digest = r.digest().orElseThrow();
        for (String tag : List.of("1.0", "latest", "stable", "abc1234")) {
            assertEquals(Optional.of(digest), digest(name, tag), tag);
        }
        assertTrue(client.tags(reg(), name).stream().noneMatch(t -> t.contains("__cip-") && !t.startsWith("1.0__cip-")),
                "only the staging tags hold the marker");

        try (FaultProxy proxy = FaultProxy.to(reg())) {
            ReleaseOutcome again = new Releaser(client, proxy.address(), 4)
                    .release(List.of(tagged), ReleaseMode.END, true, false);
            assertEquals(ImageRelease.Status.UNCHANGED, again.images().get(0).status());
            assertEquals(List.of(), proxy.seen().stream().filter(x -> x.method().equals("PUT")
                    || x.method().equals("POST") || x.method().equals("PATCH"))
                    .map(x -> x.method() + " " + x.path()).toList(), "no tag written again");
        }

        // the next version takes the moving tag along; a tag it is not given stays where it was
        stage(name, "1.1", BOTH);
        ReleaseOutcome next = release(List.of(image(name, "1.1", BOTH).withExtraTags(List.of("stable"))),
                ReleaseMode.END);
        String digest11 = next.images().get(0).digest().orElseThrow();
        assertEquals(List.of("1.1", "latest", "stable"), next.images().get(0).written());
        assertEquals(Optional.of(digest11), digest(name, "stable"));
        assertEquals(Optional.of(digest), digest(name, "abc1234"));
    }

    @Test
    void anAtomicReleaseThatCannotFinishWritesNoExtraTagAndADryRunOnlyListsThem() throws Exception {
        String ns = TestImages.namespace("r");
        String good = ns + "/good";
        String lonely = ns + "/lonely";
        stage(good, "1.0", BOTH);
        stage(lonely, "1.0", List.of("linux/amd64"));
        List<ReleaseImage> images = List.of(image(good, "1.0", BOTH).withExtraTags(List.of("stable")),
                image(lonely, "1.0", BOTH).withExtraTags(List.of("stable")));
        ReleaseOutcome atomic = release(images, ReleaseMode.ATOMIC);
        assertEquals(ImageRelease.Status.HELD, status(atomic, good));
        assertTrue(digest(good, "stable").isEmpty(), "held: no extra tag either");

        ReleaseOutcome dry = new Releaser(client, reg(), 2).release(images, ReleaseMode.END, false, true);
        assertEquals(List.of("1.0", "stable"), dry.images().get(0).written());
        assertTrue(digest(good, "stable").isEmpty(), "a dry run writes nothing");

        release(images, ReleaseMode.END);
        assertEquals(digest(good, "1.0"), digest(good, "stable"));
        assertTrue(digest(lonely, "stable").isEmpty());
    }

    @Test
    void aReservedOrSpecialTagIsNeverAnExtraTag() {
        for (String bad : List.of("1.0__cip-linux-amd64", "__cip-cache", "latest", "1.0", "-x", "0.9", "1.0.1-rc1")) {
            assertThrowsIllegal(() -> image("a", "1.0", BOTH).withExtraTags(List.of(bad)), bad);
        }
    }

    @Test
    void anExtraTagHoldingAnotherReleasedVersionIsNeverMovedButAMovingMajorTagIs() throws Exception {
        String name = TestImages.namespace("r") + "/app";
        // a scheme of single numbers: 7 is released, then 8 is staged with the extra tag 7 (a mistake)
        stageAs(name, "7");
        String seven = release(List.of(image(name, "7", BOTH)), ReleaseMode.END).images().get(0).digest()
                .orElseThrow();
        stageAs(name, "8");
        ReleaseOutcome out = release(List.of(image(name, "8", BOTH).withExtraTags(List.of("stable", "7"))),
                ReleaseMode.END);
        ImageRelease r = out.images().get(0);
        assertEquals(ImageRelease.Status.CONFLICT, r.status(), r.reason());
        assertTrue(r.reason().contains("the extra tag 7 already holds version 7 of " + name), r.reason());
        assertTrue(r.reason().contains("a released version never moves"), r.reason());
        assertEquals(Optional.of(seven), digest(name, "7"), "the released version did not move");
        assertTrue(digest(name, "8").isEmpty(), "nothing of the refused image is written");
        assertTrue(digest(name, "stable").isEmpty());

        // a moving major tag (20 holding 20.1.0) is no released version: it follows the next release
        String node = TestImages.namespace("r") + "/node";
        stageAs(node, "20.1.0");
        release(List.of(image(node, "20.1.0", BOTH).withExtraTags(List.of("20"))), ReleaseMode.END);
        stageAs(node, "20.1.1");
        ReleaseOutcome moved = release(List.of(image(node, "20.1.1", BOTH).withExtraTags(List.of("20"))),
                ReleaseMode.END);
        assertEquals(ImageRelease.Status.RELEASED, moved.images().get(0).status(), moved.images().get(0).reason());
        assertEquals(digest(node, "20.1.1"), digest(node, "20"));
    }

    /** Stages {@code version} of {@code name} with its version label, as cip's builds write it. */
    private void stageAs(String name, String version) {
        TestImages.pushIndex(client, reg(), name, StagingTag.of(version, BOTH).tag(), BOTH,
                Map.of("dev.cip.fingerprint", "fp-" + name + version, dev.cip.oci.Labels.VERSION, version), true,
                300);
    }

    private static void assertThrowsIllegal(Runnable r, String what) {
        org.junit.jupiter.api.Assertions.assertThrows(dev.cip.failure.InvalidSetting.class, r::run, what);
    }

    @Test
    void withoutTagLatestOnlyTheVersionIsWritten() throws Exception {
        String name = TestImages.namespace("r") + "/app";
        stage(name, "1.0", BOTH);
        new Releaser(client, reg(), 2).release(List.of(image(name, "1.0", BOTH)), ReleaseMode.END, false, false);
        assertTrue(digest(name, "1.0").isPresent());
        assertTrue(digest(name, "latest").isEmpty());
    }

    @Test
    void otherVersionsStagingTagsAreNotTaken() throws Exception {
        String name = TestImages.namespace("r") + "/app";
        stage(name, "1.0", BOTH);
        ReleaseOutcome out = release(List.of(image(name, "1.1", BOTH)), ReleaseMode.END);
        assertEquals(ImageRelease.Status.MISSING_PLATFORMS, status(out, name));
        assertTrue(digest(name, "1.1").isEmpty());
    }

    @Test
    void parentsAreTaggedBeforeTheirChildren() throws Exception {
        String ns = TestImages.namespace("r");
        List<String> chain = List.of(ns + "/a", ns + "/b", ns + "/c", ns + "/d");
        List<ReleaseImage> images = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            stage(chain.get(i), "1.0", List.of("linux/amd64"));
            stage(chain.get(i), "1.0", List.of("linux/arm64"));
            images.add(0, i == 0 ? image(chain.get(i), "1.0", BOTH) : image(chain.get(i), "1.0", BOTH,
                    chain.get(i - 1)));
        }
        try (FaultProxy proxy = FaultProxy.to(reg())) {
            ReleaseOutcome out = new Releaser(client, proxy.address(), 8).release(images, ReleaseMode.END, true,
                    false);
            assertTrue(out.succeeded(), out.toString());
            List<String> puts = proxy.seen().stream().filter(x -> x.method().equals("PUT")
                    && x.path().endsWith("/manifests/1.0")).map(x -> x.path()).toList();
            assertEquals(chain.stream().map(n -> "/v2/" + n + "/manifests/1.0").toList(), puts);
        }
    }

    @Test
    void aStagedManifestGoneFromTheRegistryFailsTheImageBeforeAnythingIsWritten() throws Exception {
        String name = TestImages.namespace("r") + "/app";
        stage(name, "1.0", List.of("linux/amd64"));
        TestImages.Pushed arm = stage(name, "1.0", List.of("linux/arm64"));
        String good = name + "-good";
        stage(good, "1.0", BOTH);
        assertTrue(client.deleteManifest(reg(), name, arm.manifests().get("linux/arm64")));
        ReleaseOutcome out = release(List.of(image(good, "1.0", BOTH), image(name, "1.0", BOTH)),
                ReleaseMode.ATOMIC);
        assertEquals(ImageRelease.Status.FAILED, status(out, name), reason(out, name));
        assertTrue(reason(out, name).contains(arm.manifests().get("linux/arm64")), reason(out, name));
        assertEquals(ImageRelease.Status.HELD, status(out, good), reason(out, good));
        assertTrue(digest(name, "1.0").isEmpty());
        assertTrue(digest(good, "1.0").isEmpty());
    }

    private static ImageRelease.Status status(ReleaseOutcome o, String name) {
        return o.images().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow().status();
    }

    private static String reason(ReleaseOutcome o, String name) {
        return o.images().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow().reason();
    }
}
