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
 * @param rawStart   offset of {@code raw} in the file text
 * @param site       where its tag and digest are written literally, when they are (cascade and pins edit there)
 * @param unresolved variables the reference uses that have no value
 */
public record ImageReference(Kind kind, int line, String raw, String resolved, int rawStart,
                             Optional<Site> site, List<String> unresolved) {

    public ImageReference {
        unresolved = List.copyOf(unresolved);
    }

    /**
     * Where the tag is written literally in the file, for a reference without a digest whose literal is what builds
     * use (cascade edits it).
     */
    public Optional<Span> literalTag() {
        return site.filter(s -> s.digest().isEmpty() && !s.overridden()).flatMap(Site::tag);
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

    /**
     * Where the tag and digest of a reference are written literally: in the reference's own word, or in the default
     * of the global {@code ARG} the reference expands (whole, {@code FROM $BASE}, or as its tag,
     * {@code FROM x:${TAG}}).
     *
     * @param line       1-based line of the literal (the instruction's, or the {@code ARG}'s)
     * @param arg        the global {@code ARG} whose default holds the literal, when it is one
     * @param overridden the build arguments set that {@code ARG}, so its default is not what builds use
     * @param tag        the tag, when written (without the {@code :})
     * @param digest     the digest, when written (without the {@code @}, e.g. {@code sha256:…})
     * @param pinAt      where {@code @<digest>} goes when there is no digest (right after the tag or the name)
     */
    public record Site(int line, Optional<String> arg, boolean overridden, Optional<Span> tag,
                       Optional<Span> digest, int pinAt) {
    }
}
