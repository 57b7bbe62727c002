package dev.cip.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * {@code plan.json}: what a goal will do, one decision per selected image, parents first.
 *
 * @param store where existence was checked, e.g. {@code registry localhost:5000}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlanFile(int schemaVersion, String goal, String registry, String store, List<Image> images,
                       List<String> warnings) {

    public PlanFile {
        images = images == null ? List.of() : List.copyOf(images);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /**
     * @param decision        SKIP, BUILD or BLOCKED
     * @param publishedDigest the digest found at {@code name:version}, when present
     * @param bases           its external bases, in Dockerfile order
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Image(String name, String version, String decision, String reason, List<String> platforms,
                        List<String> parents, String fingerprint, String publishedDigest, List<Base> bases) {
        public Image {
            bases = bases == null ? List.of() : List.copyOf(bases);
        }

        public Image(String name, String version, String decision, String reason, List<String> platforms,
                     List<String> parents, String fingerprint, String publishedDigest) {
            this(name, version, decision, reason, platforms, parents, fingerprint, publishedDigest, List.of());
        }
    }

    /**
     * An external base of an image (also in {@code report.json}).
     *
     * @param reference the reference as the build pulls it (variables expanded)
     * @param line      its line in the Dockerfile
     * @param state     {@code pinned}, {@code unpinned} (not reproducible: platforms and shards may get different
     *                  bytes), {@code current} / {@code moved} (checked upstream: the tag still / no longer points
     *                  at the pin), {@code unknown} (the upstream did not answer), {@code skipped} (offline)
     * @param pin       the digest it is pinned to, when pinned
     * @param upstream  the tag's current digest upstream, when checked
     * @param note      why it was not checked (skipped, or the upstream's failure), when so
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Base(String reference, int line, String state, String pin, String upstream, String note) {
    }
}
