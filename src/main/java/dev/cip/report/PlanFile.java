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
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Image(String name, String version, String decision, String reason, List<String> platforms,
                        List<String> parents, String fingerprint, String publishedDigest) {
    }
}
