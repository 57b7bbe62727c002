package dev.cip.plan;

import dev.cip.oci.ImageRef;

import java.util.Objects;
import java.util.Optional;

import static dev.cip.oci.Names.shortDigest;

/**
 * An image's external base: a reference in its Dockerfile ({@code FROM}, {@code COPY --from}, {@code RUN --mount
 * from}) to an image outside the project. {@code FROM scratch} and build stages are not bases.
 *
 * @param reference the reference with variables expanded, as the build will pull it
 * @param line      the 1-based line of the instruction in the Dockerfile
 * @param upstream  what the upstream registry says about its tag, when asked
 */
public record ExternalBase(String reference, int line, Upstream upstream) {
    public ExternalBase {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(upstream, "upstream");
    }

    /** What the upstream registry said about the tag of a base. */
    public sealed interface Upstream permits NotChecked, Skipped, Resolved, Failed {
    }

    /** Not asked (checking bases costs requests to upstream registries). */
    public record NotChecked() implements Upstream {
    }

    /** Asked for, but not asked: e.g. offline. */
    public record Skipped(String why) implements Upstream {
    }

    /** The tag's current digest. */
    public record Resolved(String digest) implements Upstream {
    }

    /** Why the tag's current digest is not known. */
    public record Failed(String reason) implements Upstream {
    }

    public static final Upstream NOT_CHECKED = new NotChecked();

    /** The digest the reference is pinned to ({@code …@sha256:…}), if any. */
    public Optional<String> pin() {
        return ImageRef.parse(reference).digest();
    }

    /** True when nothing fixes its bytes: two platforms or shards may build on different upstream images. */
    public boolean unpinned() {
        return pin().isEmpty();
    }

    /** The reference without its digest: what the upstream registry is asked about. */
    public String tagged() {
        ImageRef r = ImageRef.parse(reference);
        return new ImageRef(r.repository(), r.tag(), Optional.empty()).toString();
    }

    /** True when it has a tag whose current digest can be asked (a reference by digest alone has none). */
    public boolean checkable() {
        ImageRef r = ImageRef.parse(reference);
        return r.tag().isPresent() || r.digest().isEmpty();
    }

    public ExternalBase withUpstream(Upstream answer) {
        return new ExternalBase(reference, line, answer);
    }

    /** The tag's current digest, when the upstream registry was asked and answered. */
    public Optional<String> current() {
        return upstream instanceof Resolved r ? Optional.of(r.digest()) : Optional.empty();
    }

    /** True when it is pinned and its tag now points elsewhere upstream. */
    public boolean moved() {
        return pin().isPresent() && current().isPresent() && !current().get().equals(pin().get());
    }

    /**
     * The state in one word: {@code pinned}, {@code unpinned}, {@code current} (pinned and still the tag's digest),
     * {@code moved}, {@code unknown} (the upstream did not answer) or {@code skipped}.
     */
    public String state() {
        if (upstream instanceof Skipped) {
            return unpinned() ? "unpinned" : "skipped";
        }
        if (upstream instanceof Failed) {
            return unpinned() ? "unpinned" : "unknown";
        }
        if (unpinned()) {
            return "unpinned";
        }
        if (upstream instanceof Resolved) {
            return moved() ? "moved" : "current";
        }
        return "pinned";
    }

    /**
     * The narrow form for a table: {@code debian:bookworm-slim@sha256:ab12cd34ef56}, {@code debian:bookworm-slim
     * unpinned}, with {@code moved → sha256:cd34ef567890} when its tag moved upstream.
     */
    public String shortForm() {
        String tagged = tagged();
        if (unpinned()) {
            return tagged + " unpinned";
        }
        String pinned = tagged + "@" + shortDigest(pin().get());
        if (moved()) {
            return pinned + " moved → " + shortDigest(current().get());
        }
        return upstream instanceof Failed ? pinned + " (upstream unknown)" : pinned;
    }
}
