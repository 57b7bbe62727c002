package dev.cip.update;

import dev.cip.context.ProjectScanner;
import dev.cip.graph.ImageGraph;
import dev.cip.plan.Observations;
import dev.cip.plan.StoredImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StaleImagesTest {
    @TempDir
    Path dir;

    private ImageGraph tree() throws IOException {
        context("00-root", "FROM debian:12\n");
        context("01-mid", "ARG REGISTRY\nFROM ${REGISTRY}/root:1.0.0\n");
        context("02-leaf", "ARG REGISTRY\nFROM ${REGISTRY}/mid:1.0.0\n");
        context("00-other", "FROM alpine:3\n");
        return ImageGraph.of(new ProjectScanner().scan(dir), "localhost:5000", Map.of());
    }

    private void context(String name, String dockerfile) throws IOException {
        Path ctx = dir.resolve("contexts").resolve(name);
        Files.createDirectories(ctx);
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile, StandardCharsets.UTF_8);
        Files.writeString(ctx.resolve("info.edn"), "{:version \"1.0.0\"}\n", StandardCharsets.UTF_8);
    }

    /** Every image published with fingerprint {@code print-<name>}, except those in {@code unpublished}. */
    private static Observations seen(ImageGraph graph, Map<String, String> now, Set<String> unpublished) {
        Map<Observations.Tag, Optional<StoredImage>> found = new HashMap<>();
        Map<String, String> prints = new HashMap<>();
        for (String name : graph.names()) {
            found.put(new Observations.Tag(name, "1.0.0"), unpublished.contains(name) ? Optional.empty()
                    : Optional.of(new StoredImage(Set.of(), Optional.of("print-" + name))));
            prints.put(name, now.getOrDefault(name, "print-" + name));
        }
        return new Observations("registry localhost:5000", found, prints);
    }

    private static PinRewrite.Rewrite pinsMoved(Map<String, List<String>> reasons) {
        return new PinRewrite.Rewrite(Map.of(), reasons, List.of());
    }

    @Test
    void anEditedLeafAloneAnEditedRootWithoutItsDescendantsTheCascadeRaisesThem() throws IOException {
        ImageGraph graph = tree();
        StaleImages leaf = StaleImages.of(graph, pinsMoved(Map.of()), seen(graph, Map.of("leaf", "edited"), Set.of()));
        assertEquals(Map.of("leaf", List.of(StaleImages.CONTENT_CHANGED)), leaf.raise());

        // a root's fingerprint is in its descendants': they differ too, but are the cascade's to raise
        StaleImages root = StaleImages.of(graph, pinsMoved(Map.of()), seen(graph,
                Map.of("root", "edited", "mid", "edited", "leaf", "edited"), Set.of()));
        assertEquals(Map.of("root", List.of(StaleImages.CONTENT_CHANGED)), root.raise());
    }

    @Test
    void movedPinsRaisePublishedImagesOnlyAndNothingChangedRaisesNothing() throws IOException {
        ImageGraph graph = tree();
        assertEquals(Map.of(), StaleImages.of(graph, pinsMoved(Map.of()), seen(graph, Map.of(), Set.of())).raise());

        StaleImages moved = StaleImages.of(graph, pinsMoved(Map.of("root", List.of("debian:12 moved a → b"),
                "other", List.of("alpine:3 moved c → d"))), seen(graph, Map.of(), Set.of("other")));
        assertEquals(Map.of("root", List.of("debian:12 moved a → b")), moved.raise());
        assertEquals(List.of("other"), moved.unpublished());
    }
}
