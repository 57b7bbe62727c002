package dev.cip.update;

import dev.cip.cascade.ArgDefaults;
import dev.cip.cascade.TextEdit;
import dev.cip.context.Problem;
import dev.cip.context.Setting;
import dev.cip.dockerfile.ImageReference;
import dev.cip.graph.ImageGraph;
import dev.cip.graph.ImageNode;
import dev.cip.oci.ImageRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.cip.oci.Names.shortDigest;

/**
 * The edits that move every pin to the digest its tag has upstream now (and, when asked, pin the unpinned
 * references): exactly the digest's characters change, or {@code @<digest>} is inserted after the tag, in the
 * reference's word or in the global {@code ARG} default it expands. Every other byte stays.
 */
public final class PinRewrite {
    private PinRewrite() {
    }

    /**
     * The rewrite of a project's pins.
     *
     * @param edits    per image, the edits of its Dockerfile
     * @param reasons  per image, one line per moved or new pin ({@code debian:bookworm-slim moved sha256:ab12… →
     *                 sha256:cd34…})
     * @param problems pins that must move but cannot be edited; when there are any, nothing may be written
     */
    public record Rewrite(Map<String, List<TextEdit>> edits, Map<String, List<String>> reasons,
                          List<Problem> problems) {
        public Rewrite {
            edits = Map.copyOf(edits);
            reasons = Map.copyOf(reasons);
            problems = List.copyOf(problems);
        }

        /** Whether any pin moves or is added. */
        public boolean isEmpty() {
            return edits.isEmpty();
        }
    }

    /**
     * @param current     the digest each upstream reference has now; references missing from it are left alone
     * @param pinUnpinned whether references without a digest get one
     */
    public static Rewrite plan(ImageGraph graph, List<ExternalPin> pins, Map<ImageRef, String> current,
                              boolean pinUnpinned) {
        Map<String, List<TextEdit>> edits = new LinkedHashMap<>();
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (ExternalPin pin : pins) {
            String digest = current.get(pin.upstream());
            if (digest == null || pin.pinned().equals(Optional.of(digest))
                    || pin.pinned().isEmpty() && !pinUnpinned) {
                continue;
            }
            String reason = pin.pinned().isPresent()
                    ? pin.shown() + " moved " + shortDigest(pin.pinned().get()) + " → " + shortDigest(digest)
                    : pin.shown() + " pinned to " + shortDigest(digest);
            edit(graph.node(pin.image()), pin, digest, problems).ifPresent(edit -> {
                List<TextEdit> mine = edits.computeIfAbsent(pin.image(), i -> new ArrayList<>());
                if (mine.stream().noneMatch(e -> e.start() == edit.start())) { // one ARG default, several uses
                    mine.add(edit);
                    reasons.computeIfAbsent(pin.image(), i -> new ArrayList<>()).add(reason);
                }
            });
        }
        edits.replaceAll((k, v) -> List.copyOf(v));
        reasons.replaceAll((k, v) -> List.copyOf(v));
        return new Rewrite(edits, reasons, problems);
    }

    private static Optional<TextEdit> edit(ImageNode node, ExternalPin pin, String digest, List<Problem> problems) {
        ImageReference ref = pin.reference();
        String what = (pin.pinned().isPresent() ? "moving the pin of " : "pinning ") + pin.shown() + " to "
                + digest;
        Optional<Problem> refused = ArgDefaults.refusal(node, ref, what);
        if (refused.isPresent()) {
            problems.add(refused.get());
            return Optional.empty();
        }
        if (ref.site().isEmpty()) {
            Problem p = Problem.at(pin.dockerfile(), ref.line(), what + ": '" + ref.raw() + "' is not written"
                    + " literally on one line nor as the default of the global ARG it expands, so cip cannot edit"
                    + " it; write it so, or pin it by hand");
            problems.add(pin.pinned().isPresent() ? p : p.fixedBy(Setting.PIN_UNPINNED, "to false"));
            return Optional.empty();
        }
        ImageReference.Site site = ref.site().get();
        String text = node.context().dockerfile().text();
        if (site.digest().isPresent()) {
            ImageReference.Span span = site.digest().get();
            String written = text.substring(span.start(), span.end());
            if (!pin.pinned().equals(Optional.of(written))) {
                problems.add(Problem.at(pin.dockerfile(), ref.line(), "the digest written for '" + ref.raw() + "' ('"
                        + written + "', line " + site.line() + ") is not the one it resolves to; pin it by hand"));
                return Optional.empty();
            }
            return Optional.of(new TextEdit(span.start(), span.end(), written, digest));
        }
        return Optional.of(new TextEdit(site.pinAt(), site.pinAt(), "", "@" + digest));
    }
}
