package dev.cip.store;

import dev.cip.graph.ImageGraph;
import dev.cip.oci.Platform;
import dev.cip.plan.Fingerprinter;
import dev.cip.plan.Goal;
import dev.cip.plan.Plan;
import dev.cip.plan.Planner;
import dev.cip.plan.StoredImage;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.testing.Started;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The planner's view of a real registry, and the digest-keyed cache that spares the GETs on later plans. */
class RegistryImageStoreTest {
    @Started
    private static TestRegistry registry;
    @Started
    private static RegistryClient client;
    private static TestImages.Pushed app;

    @BeforeAll
    static void push() {
        app = TestImages.pushIndex(client, registry.address(), "team/app", "1.0.0",
                List.of("linux/amd64", "linux/arm64"), Map.of(Fingerprinter.LABEL, "sha256:published"), true, 64);
    }

    @Test
    void readsPlatformsAndFingerprintOfAPublishedIndex(@TempDir Path dir) {
        SummaryCache cache = SummaryCache.load(dir.resolve("cache.json"));
        RegistryImageStore store = new RegistryImageStore(client, registry.address(), true, cache);
        StoredImage found = store.find("team/app", "1.0.0", true).orElseThrow();
        assertEquals(Set.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64")), found.platforms());
        assertEquals(Optional.of("sha256:published"), found.fingerprint());
        assertTrue(store.find("team/app", "9.9.9", true).isEmpty());
        assertEquals(Optional.of(app.digest()), found.digest(), "the digest the plan saw");
        assertEquals(Optional.of(found.withoutDigest()), cache.get(registry.address(), "team/app", app.digest()));
    }

    @Test
    void anImagePublishedWithItsPlatformsIsSkippedHoweverInfoEdnSpellsThem(@TempDir Path dir) throws Exception {
        TestImages.pushIndex(client, registry.address(), "multi", "1.0.0", List.of("linux/amd64", "linux/arm64"),
                Map.of(), true, 64);
        ImageGraph graph = ProjectFixture.in(dir).context("00-multi", "FROM scratch\n",
                "{:version \"1.0.0\" :platforms [\"linux/amd64\" \"linux/arm64/v8\"]}").graph(registry.address());
        RegistryImageStore store = new RegistryImageStore(client, registry.address(), true);
        Plan plan = new Planner(store, 2).plan(Goal.PUBLISH, graph, graph.topologicalOrder(),
                n -> graph.node(n).context().info().platforms().orElseThrow(), Map::of);
        assertEquals("SKIP", plan.image("multi").orElseThrow().decision().label(),
                plan.image("multi").orElseThrow().decision().reason());
    }

    @Test
    void existenceAloneReadsNoDetails(@TempDir Path dir) {
        SummaryCache cache = SummaryCache.load(dir.resolve("cache.json"));
        RegistryImageStore store = new RegistryImageStore(client, registry.address(), false, cache);
        assertEquals(Optional.of(StoredImage.present(app.digest())), store.find("team/app", "1.0.0", true));
        assertTrue(cache.snapshot().isEmpty());
    }

    /**
     * An entry the registry would not give, saved in {@code file}: a plan that returns it did not read the index and
     * config again.
     */
    private static StoredImage remembered(Path file) {
        SummaryCache first = SummaryCache.load(file);
        StoredImage remembered = new StoredImage(Set.of(Platform.parse("linux/s390x")),
                Optional.of("sha256:remembered"));
        first.put(registry.address(), "team/app", app.digest(), remembered);
        first.save();
        return remembered;
    }

    @Test
    void aCachedDigestIsServedFromTheCacheAcrossRuns(@TempDir Path dir) {
        Path file = dir.resolve("cache.json");
        StoredImage remembered = remembered(file);
        SummaryCache second = SummaryCache.load(file);
        RegistryImageStore store = new RegistryImageStore(client, registry.address(), true, second);
        assertEquals(Optional.of(remembered.withDigest(app.digest())), store.find("team/app", "1.0.0", true));
    }

    @Test
    void aDamagedCacheFileIsAnEmptyCache(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cache.json");
        Files.writeString(file, "{not json");
        SummaryCache cache = SummaryCache.load(file);
        assertTrue(cache.snapshot().isEmpty());
        RegistryImageStore store = new RegistryImageStore(client, registry.address(), true, cache);
        assertEquals(Optional.of("sha256:published"), store.find("team/app", "1.0.0", true).orElseThrow().fingerprint());
        cache.save();
        assertEquals(Optional.of("sha256:published"),
                SummaryCache.load(file).get(registry.address(), "team/app", app.digest()).orElseThrow().fingerprint());
    }

    @Test
    void theCacheKeepsTheNewestEntriesUpToItsLimit(@TempDir Path dir) {
        Path file = dir.resolve("cache.json");
        SummaryCache cache = SummaryCache.load(file);
        for (int i = 0; i < SummaryCache.LIMIT + 5; i++) {
            cache.put("r", "n", "sha256:" + i, StoredImage.present());
        }
        cache.save();
        SummaryCache loaded = SummaryCache.load(file);
        assertEquals(SummaryCache.LIMIT, loaded.snapshot().size());
        assertFalse(loaded.get("r", "n", "sha256:0").isPresent());
        assertTrue(loaded.get("r", "n", "sha256:" + (SummaryCache.LIMIT + 4)).isPresent());
    }

    @Test
    void aCacheReadInTheBackgroundHasTheSavedEntriesAndItsThreadHasEndedAfterSave(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("cache.json");
        StoredImage remembered = remembered(file);
        SummaryCache second = SummaryCache.loading(file);
        RegistryImageStore store = new RegistryImageStore(client, registry.address(), true, second);
        assertEquals(Optional.of(remembered.withDigest(app.digest())), store.find("team/app", "1.0.0", true));
        second.save();
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("cip-summary-cache") && t.isAlive()), "the reader outlived save()");

        Files.writeString(file, "{not json");
        SummaryCache damaged = SummaryCache.loading(file);
        damaged.save(); // unused but saved: waits for the reader all the same
        assertTrue(damaged.snapshot().isEmpty());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("cip-summary-cache") && t.isAlive()), "the reader outlived save()");
    }

    @Test
    void theFingerprintOfAnIndexIsReadFromItsPlatformManifestsAnnotationWithoutItsConfig(@TempDir Path dir) {
        // what cip pushes since the fingerprint is also a manifest annotation: the config is not read, so a config
        // label that says otherwise (never the case for cip's own images) shows which one the plan took
        TestImages.pushIndex(client, registry.address(), "annotated", "1.0.0", List.of("linux/amd64", "linux/arm64"),
                Map.of(Fingerprinter.LABEL, "sha256:in-the-config"), Map.of(Fingerprinter.LABEL,
                        "sha256:in-the-annotation"), true, 64);
        RegistryImageStore store = new RegistryImageStore(client, registry.address(), true,
                SummaryCache.load(dir.resolve("cache.json")));
        StoredImage found = store.find("annotated", "1.0.0", true).orElseThrow();
        assertEquals(Optional.of("sha256:in-the-annotation"), found.fingerprint());
        assertEquals(Set.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64")), found.platforms());
    }

    @Test
    void aSingleManifestGivesItsPlatformAndFingerprintFromItsConfig(@TempDir Path dir) {
        TestImages.Pushed single = TestImages.pushSingle(client, registry.address(), "single", "1.0.0",
                "linux/arm64", Map.of(Fingerprinter.LABEL, "sha256:single"), 64);
        RegistryImageStore store = new RegistryImageStore(client, registry.address(), true,
                SummaryCache.load(dir.resolve("cache.json")));
        StoredImage found = store.find("single", "1.0.0", true).orElseThrow();
        assertEquals(new StoredImage(Set.of(Platform.parseAny("linux/arm64")), Optional.of("sha256:single"),
                Optional.of(single.digest())), found);
    }
}
