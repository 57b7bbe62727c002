package dev.cip.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * A reference from a Dockerfile to an image (not to a build stage).
 *
 * @param kind       where it occurs
 * @param line       1-based line of the instruction
 * @param raw        the reference as written, e.g. {@code ${REGISTRY}/base:1.2.3}
 * @param resolved   the reference with variables expanded, e.g. {@code localhost:5000/base:1.2.3}
 * @param token      the word holding the reference, with its offset in the file
 * @param rawStart   offset of {@code raw} in the file text
 * @param literalTag where the tag is written literally in the file, when it is (cascade edits exactly that span)
 * @param unresolved variables the reference uses that have no value
 */
public record ImageReference(Kind kind, int line, String raw, String resolved, int rawStart,
                             Optional<Span> literalTag, List<String> unresolved) {

    public ImageReference {
        unresolved = List.copyOf(unresolved);
    }

    /** Where a reference can appear. */
    public enum Kind {
        FROM("FROM"), COPY_FROM("COPY --from"), MOUNT_FROM("RUN --mount from");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A span of the file text: {@code [start, end)}. */
    public record Span(int start, int end) {
    }
}
