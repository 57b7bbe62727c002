package dev.cip.plan;

import dev.cip.graph.ImageGraph;
import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The observing half of planning: which tags it asks the store about, and that no thread outlives it. */
class SurveyTest {
    private static final String REG = "localhost:5000";

    @TempDir
    Path root;

    /** Records the lookups; {@code name:tag} present when listed. */
    static final class CountingStore implements ImageStore {
        final Set<String> present = ConcurrentHashMap.newKeySet();
        final List<String> lookups = Collections.synchronizedList(new ArrayList<>());

        CountingStore with(String... tags) {
            present.addAll(List.of(tags));
            return this;
        }

        @Override
        public Optional<StoredImage> find(String name, String tag, boolean withDetails) {
            lookups.add(name + ":" + tag + (withDetails ? "" : " (exists?)"));
            return present.contains(name + ":" + tag) ? Optional.of(StoredImage.present()) : Optional.empty();
        }

        @Override
        public String describe() {
            return "memory";
        }
    }

    /** base 1.0.0 <- app 2.0.0 <- tool 3.0.0; lone 1 on its own. */
    private ImageGraph chain() {
        return ProjectFixture.in(root)
                .image("00-base", "1.0.0")
                .image("00-lone", "1")
                .image("01-app", "2.0.0", "base:1.0.0")
                .image("02-tool", "3.0.0", "app:2.0.0")
                .graph(REG);
    }

    private static List<String> sorted(List<String> l) {
        List<String> copy = new ArrayList<>(l);
        Collections.sort(copy);
        return copy;
    }

    @Test
    void everySelectedImageIsLookedUpOnce() throws Exception {
        CountingStore store = new CountingStore().with("base:1.0.0", "lone:1", "app:2.0.0", "tool:3.0.0");
        ImageGraph graph = chain();
        new Planner(store, 4).plan(Goal.PUBLISH_LOCALLY, graph, graph.topologicalOrder(), n -> List.of(), Map::of);
        assertEquals(List.of("app:2.0.0", "base:1.0.0", "lone:1", "tool:3.0.0"), sorted(store.lookups));
    }

    @Test
    void parentVersionsNotBuiltHereAreObservedBeforeDeciding() throws Exception {
        ImageGraph stale = ProjectFixture.in(root.resolve("p"))
                .image("00-base", "1.0.0")
                .image("01-app", "2.0.0", "base:0.9.0")
                .image("01-web", "1", "base:1.0.0")
                .graph(REG);
        CountingStore store = new CountingStore().with("base:0.9.0");
        Observations seen = new Survey(store, 4).observe(stale, List.of("app", "web"), () -> Map.of("app", "fp"));
        // base is not selected: both its versions are asked about (existence only), once each.
        assertEquals(List.of("app:2.0.0", "base:0.9.0 (exists?)", "base:1.0.0 (exists?)", "web:1"),
                sorted(store.lookups));
        assertTrue(seen.at("base", "0.9.0").isPresent());
        assertFalse(seen.at("base", "1.0.0").isPresent());
        assertEquals(Optional.of("fp"), seen.fingerprint("app"));
        assertEquals("memory", seen.store());
    }

    @Test
    void noLookupThreadOutlivesAFailedObservation() {
        CountingStore store = new CountingStore();
        ImageGraph graph = chain();
        RuntimeException boom = new IllegalStateException("fingerprint failed");
        assertThrows(IllegalStateException.class, () -> new Survey(store, 4).observe(graph,
                graph.topologicalOrder(), () -> {
                    throw boom;
                }));
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("cip-plan")
                && t.isAlive()), "a cip-plan thread is still alive");
    }

    @Test
    void theContentStagedForASelectedImageIsReadWithItsFingerprintsAndOnlyForThose() throws Exception {
        dev.cip.oci.Platform amd = dev.cip.oci.Platform.parse("linux/amd64");
        List<String> contentReads = Collections.synchronizedList(new ArrayList<>());
        ImageStore store = new ImageStore() {
            @Override
            public Optional<StoredImage> find(String name, String tag, boolean withDetails) {
                return Optional.empty();
            }

            @Override
            public String describe() {
                return "memory";
            }

            @Override
            public Map<String, List<dev.cip.oci.Platform>> staged(String name, String version) {
                return Map.of(version + "__cip-linux-amd64", List.of(amd));
            }

            @Override
            public List<StagedPlatform> stagedContent(String name, String version) {
                contentReads.add(name + ":" + version);
                return List.of(new StagedPlatform(version + "__cip-linux-amd64", amd, Optional.of("fp-" + name)));
            }
        };
        ImageGraph graph = chain();
        Observations seen = new Survey(store, 4).observe(graph, List.of("app", "tool"), Map::of);
        assertEquals(List.of(new StagedPlatform("2.0.0__cip-linux-amd64", amd, Optional.of("fp-app"))),
                seen.stagedContentAt("app", "2.0.0"));
        // base is a parent the run does not build: whether it is staged is enough, its content is not read
        assertEquals(List.of("app:2.0.0", "tool:3.0.0"), sorted(contentReads));
        assertTrue(seen.stagedContentAt("base", "1.0.0").isEmpty());
        assertEquals(Map.of("1.0.0__cip-linux-amd64", List.of(amd)), seen.stagedAt("base", "1.0.0"));
    }
}
