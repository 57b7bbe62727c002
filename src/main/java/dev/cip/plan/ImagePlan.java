package dev.cip.plan;

import dev.cip.oci.Platform;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The decision for one image.
 *
 * @param platforms   the platforms it is built for, sorted; empty means the local platform only
 * @param parents     its internal parents (names)
 * @param fingerprint its content fingerprint, when computed
 */
public record ImagePlan(String name, String version, Decision decision, List<Platform> platforms, Set<String> parents,
                        Optional<String> fingerprint) {
    public ImagePlan {
        platforms = List.copyOf(new java.util.TreeSet<>(platforms));
        parents = Set.copyOf(parents);
    }

    public boolean builds() {
        return decision instanceof Decision.Build;
    }
}
