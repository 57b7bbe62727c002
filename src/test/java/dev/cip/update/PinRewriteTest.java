package dev.cip.update;

import dev.cip.cascade.BumpLevel;
import dev.cip.cascade.Cascade;
import dev.cip.cascade.CascadeOptions;
import dev.cip.cascade.CascadePlan;
import dev.cip.cascade.FileChange;
import dev.cip.cascade.Seeds;
import dev.cip.context.Project;
import dev.cip.context.ProjectScanner;
import dev.cip.graph.ImageGraph;
import dev.cip.oci.ImageRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PinRewriteTest {
    private static final String REGISTRY = "localhost:5000";
    private static final String OLD = "sha256:" + "a".repeat(64);
    private static final String NEW = "sha256:" + "b".repeat(64);
    private static final String OTHER = "sha256:" + "c".repeat(64);

    @TempDir
    Path dir;

    private void context(String name, String dockerfile, String info) throws IOException {
        Path ctx = dir.resolve("contexts").resolve(name);
        Files.createDirectories(ctx);
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile, StandardCharsets.UTF_8);
        Files.writeString(ctx.resolve("info.edn"), info, StandardCharsets.UTF_8);
    }

    /** The Dockerfile each image gets when pins are moved to {@code current} (nothing raised). */
    private Map<Path, String> rewritten(Map<ImageRef, String> current, boolean pinUnpinned) {
        Project project = new ProjectScanner().scan(dir);
        ImageGraph graph = ImageGraph.of(project, REGISTRY, Map.of());
        PinRewrite.Rewrite result = PinRewrite.plan(graph, Pins.of(graph), current, pinUnpinned);
        assertEquals(List.of(), result.problems());
        CascadePlan plan = new Cascade().plan(project, CascadeOptions.of(BumpLevel.PATCH, REGISTRY),
                new Seeds(Set.of(), result.edits()));
        assertEquals(List.of(), plan.bumps(), "pins alone raise nothing here");
        Map<Path, String> out = new java.util.HashMap<>();
        for (FileChange c : plan.changes()) {
            out.put(c.path(), c.newText());
        }
        return out;
    }

    private Path dockerfile(String name) {
        return dir.resolve("contexts").resolve(name).resolve("Dockerfile");
    }

    @Test
    void movedPinsAreRewrittenByteExactlyInEveryForm() throws IOException {
        String text = "# syntax=docker/dockerfile:1\r\n"
                + "# FROM debian:bookworm-slim@" + OLD + " in a comment stays\r\n"
                + "from   --platform=$BUILDPLATFORM debian:bookworm-slim@" + OLD + "   as Build\r\n"
                + "RUN --mount=type=bind,from=debian:bookworm-slim@" + OLD + ",target=/m \\\r\n"
                + "    cp /m/x /x\r\n"
                + "COPY --chown=1:1 --from=alpine:3.20@" + OTHER + " /a /a\r\n"
                + "FROM \\\r\n"
                + "  debian:bookworm-slim@" + OLD + " AS last";
        context("00-a", text, "{:version \"1.0.0\"}");

        Map<Path, String> out = rewritten(Map.of(ImageRef.parse("debian:bookworm-slim"), NEW,
                ImageRef.parse("alpine:3.20"), OTHER), false);

        String expected = text.replace("Build\r\nRUN", "Build\r\nRUN") // unchanged marker
                .replace("$BUILDPLATFORM debian:bookworm-slim@" + OLD, "$BUILDPLATFORM debian:bookworm-slim@" + NEW)
                .replace("from=debian:bookworm-slim@" + OLD, "from=debian:bookworm-slim@" + NEW)
                .replace("  debian:bookworm-slim@" + OLD + " AS last", "  debian:bookworm-slim@" + NEW + " AS last");
        assertEquals(expected, out.get(dockerfile("00-a")));
        assertTrue(expected.contains("comment stays") && expected.contains("slim@" + OLD + " in a comment"));
    }

    @Test
    void unpinnedReferencesArePinnedOnlyWhenAskedKeepingTheTag() throws IOException {
        String text = "FROM debian:bookworm-slim AS base\nCOPY --from=busybox /bin/sh /sh\n";
        context("00-a", text, "{:version \"1.0.0\"}");
        Map<ImageRef, String> current = Map.of(ImageRef.parse("debian:bookworm-slim"), NEW,
                ImageRef.parse("busybox"), OTHER);

        assertEquals(Map.of(), rewritten(current, false));
        assertEquals("FROM debian:bookworm-slim@" + NEW + " AS base\nCOPY --from=busybox@" + OTHER + " /bin/sh /sh\n",
                rewritten(current, true).get(dockerfile("00-a")));
    }

    @Test
    void pinsInGlobalArgDefaultsAreRewrittenInTheArgLine() throws IOException {
        String whole = "ARG BASE=\"debian:bookworm-slim@" + OLD + "\"\r\nFROM $BASE\r\nCOPY --from=${BASE} /x /x\r\n";
        String tag = "ARG TAG=3.20\nFROM alpine:${TAG}\n";
        context("00-a", whole, "{:version \"1.0.0\"}");
        context("00-b", tag, "{:version \"1.0.0\"}");

        Map<Path, String> out = rewritten(Map.of(ImageRef.parse("debian:bookworm-slim"), NEW,
                ImageRef.parse("alpine:3.20"), OTHER), true);

        assertEquals(whole.replace(OLD, NEW), out.get(dockerfile("00-a")), "one edit for the two uses");
        assertEquals("ARG TAG=3.20@" + OTHER + "\nFROM alpine:${TAG}\n", out.get(dockerfile("00-b")));
    }

    @Test
    void currentPinsChangeNothingAndReasonsNameOldAndNew() throws IOException {
        context("00-a", "FROM debian:bookworm-slim@" + OLD + "\n", "{:version \"1.0.0\"}");
        assertEquals(Map.of(), rewritten(Map.of(ImageRef.parse("debian:bookworm-slim"), OLD), true));

        ImageGraph graph = ImageGraph.of(new ProjectScanner().scan(dir), REGISTRY, Map.of());
        PinRewrite.Rewrite moved = PinRewrite.plan(graph, Pins.of(graph),
                Map.of(ImageRef.parse("debian:bookworm-slim"), NEW), false);
        assertEquals(List.of("debian:bookworm-slim moved sha256:aaaaaaaaaaaa → sha256:bbbbbbbbbbbb"),
                moved.reasons().get("a"));
    }

    @Test
    void anArgDefaultSharedByTwoUpstreamsOrNotLiteralIsRefusedWithItsLines() throws IOException {
        context("00-a", "ARG V=12\nFROM debian:${V}\nCOPY --from=other:${V} /x /x\n", "{:version \"1.0.0\"}");
        context("00-b", "FROM alpine:3.\\\n20@" + OLD + "\n", "{:version \"1.0.0\"}");
        ImageGraph graph = ImageGraph.of(new ProjectScanner().scan(dir), REGISTRY, Map.of());
        PinRewrite.Rewrite result = PinRewrite.plan(graph, Pins.of(graph), Map.of(ImageRef.parse("debian:12"), NEW,
                ImageRef.parse("other:12"), NEW, ImageRef.parse("alpine:3.20"), NEW), true);
        assertEquals(Map.of(), result.edits());
        assertEquals(3, result.problems().size(), result.problems()::toString);
        assertEquals(1, result.problems().get(0).line(), "the ARG line");
        assertTrue(result.problems().get(0).message().contains("line 2") && result.problems().get(0).message()
                .contains("line 3"), result.problems().get(0)::toString);
        assertEquals(dockerfile("00-b"), result.problems().get(2).file());
        assertTrue(result.problems().get(2).message().contains("not written literally"));
    }
}
