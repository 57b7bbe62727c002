package dev.cip.plan;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExternalBaseTest {
    private static final String OLD = "sha256:ab12cd34ef56" + "0".repeat(52);
    private static final String NEW = "sha256:cd34ef567890" + "1".repeat(52);

    private static ExternalBase base(String ref, ExternalBase.Upstream upstream) {
        return new ExternalBase(ref, 1, upstream);
    }

    @Test
    void statesAndTheNarrowForm() {
        ExternalBase pinned = base("debian:bookworm-slim@" + OLD, ExternalBase.NOT_CHECKED);
        assertEquals("pinned", pinned.state());
        assertEquals("debian:bookworm-slim@sha256:ab12cd34ef56", pinned.shortForm());
        assertEquals("debian:bookworm-slim", pinned.tagged());

        ExternalBase unpinned = base("debian:bookworm-slim", new ExternalBase.Resolved(NEW));
        assertEquals("unpinned", unpinned.state());
        assertEquals("debian:bookworm-slim unpinned", unpinned.shortForm());
        assertFalse(unpinned.moved());

        ExternalBase current = pinned.withUpstream(new ExternalBase.Resolved(OLD));
        assertEquals("current", current.state());
        assertFalse(current.moved());

        ExternalBase moved = pinned.withUpstream(new ExternalBase.Resolved(NEW));
        assertEquals("moved", moved.state());
        assertTrue(moved.moved());
        assertEquals("debian:bookworm-slim@sha256:ab12cd34ef56 moved → sha256:cd34ef567890", moved.shortForm());

        assertEquals("unknown", pinned.withUpstream(new ExternalBase.Failed("down")).state());
        assertEquals("skipped", pinned.withUpstream(new ExternalBase.Skipped("offline")).state());
    }

    @Test
    void aReferenceByDigestAloneHasNoTagToCheck() {
        assertFalse(base("debian@" + OLD, ExternalBase.NOT_CHECKED).checkable());
        assertTrue(base("debian", ExternalBase.NOT_CHECKED).checkable());
        assertTrue(base("ghcr.io/o/app:1@" + OLD, ExternalBase.NOT_CHECKED).checkable());
    }

    @Test
    void warningsNameUnpinnedImagesMovedPinsAndFailures() {
        Map<String, List<ExternalBase>> bases = new java.util.LinkedHashMap<>();
        bases.put("app", List.of(base("debian:12@" + OLD, new ExternalBase.Resolved(NEW)),
                base("alpine:3", ExternalBase.NOT_CHECKED)));
        bases.put("lib", List.of(base("quay.io/x:1@" + OLD, new ExternalBase.Failed("registry quay.io: 500"))));
        List<String> w = ExternalBases.warnings(bases, Advice.PLAIN);
        assertEquals(3, w.size(), w.toString());
        assertTrue(w.get(0).startsWith("unpinned bases (app: alpine:3)"), w.get(0));
        assertEquals("base debian:12 moved upstream: pinned " + OLD + ", now " + NEW + " (app); "
                + Advice.PLAIN.updateBases(), w.get(1));
        assertEquals("base quay.io/x:1 was not checked upstream: registry quay.io: 500", w.get(2));
        assertEquals(Map.of("app", List.of("alpine:3")), ExternalBases.unpinned(bases));
    }
}
