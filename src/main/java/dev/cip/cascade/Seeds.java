package dev.cip.cascade;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What starts a cascade besides stale internal references: images to raise (at the run's level, patch when that is
 * {@code parent}) and edits to make in Dockerfiles (e.g. moved upstream pins). An edited image that is not raised
 * keeps its version (it was never published, so its version is new already).
 *
 * @param raise images to raise
 * @param edits per image, edits of its Dockerfile that touch no internal reference
 */
public record Seeds(Set<String> raise, Map<String, List<TextEdit>> edits) {
    public static final Seeds NONE = new Seeds(Set.of(), Map.of());

    public Seeds {
        raise = Set.copyOf(raise);
        Map<String, List<TextEdit>> copy = new HashMap<>();
        edits.forEach((image, list) -> copy.put(image, List.copyOf(list)));
        edits = Map.copyOf(copy);
    }

    List<TextEdit> editsOf(String image) {
        return List.copyOf(edits.getOrDefault(image, List.of()));
    }
}
