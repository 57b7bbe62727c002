package dev.cip.update;

import dev.cip.graph.ImageGraph;
import dev.cip.plan.Observations;
import dev.cip.plan.StoredImage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which images need a new version before the cascade: the published ones whose pins moved, and the published ones
 * whose own content differs from what their published version records. An image that was never published keeps its
 * version (it is new already); a descendant of a raised image is left to the cascade, which raises it for its parent.
 *
 * @param raise       per image to raise, in topological order, why
 * @param unpublished images with moved pins or changed content whose version is not published, so not raised
 */
public record StaleImages(Map<String, List<String>> raise, List<String> unpublished) {
    /** The reason given for an image whose own files differ from its published version's. */
    public static final String CONTENT_CHANGED = "content changed";

    public StaleImages {
        raise = Collections.unmodifiableMap(new LinkedHashMap<>(raise));
        unpublished = List.copyOf(unpublished);
    }

    /**
     * @param pins what {@link PinRewrite} moves
     * @param seen every image looked up at its version with details, and the fingerprints of the tree as it is
     */
    public static StaleImages of(ImageGraph graph, PinRewrite.Rewrite pins, Observations seen) {
        Map<String, List<String>> raise = new LinkedHashMap<>();
        List<String> unpublished = new ArrayList<>();
        Set<String> raisedOrBelow = new HashSet<>();
        for (String name : graph.topologicalOrder()) {
            String version = graph.node(name).version();
            Optional<StoredImage> stored = seen.at(name, version);
            boolean parentRaised = graph.parents(name).stream().anyMatch(raisedOrBelow::contains);
            List<String> why = new ArrayList<>(pins.reasons().getOrDefault(name, List.of()));
            if (why.isEmpty() && !parentRaised && stored.isPresent()) {
                Optional<String> recorded = stored.get().fingerprint();
                Optional<String> now = seen.fingerprint(name);
                if (recorded.isPresent() && now.isPresent() && !recorded.equals(now)) {
                    why.add(CONTENT_CHANGED);
                }
            }
            if (parentRaised) {
                raisedOrBelow.add(name);
            }
            if (why.isEmpty()) {
                continue;
            }
            if (stored.isEmpty()) {
                unpublished.add(name);
                continue;
            }
            raise.put(name, List.copyOf(why));
            raisedOrBelow.add(name);
        }
        return new StaleImages(raise, unpublished);
    }
}
