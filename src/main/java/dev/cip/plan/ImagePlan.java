package dev.cip.plan;

import dev.cip.oci.Platform;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The decision for one image.
 *
 * @param platforms   the platforms it is built for, sorted; empty means the local platform only
 * @param parents     its internal parents (names)
 * @param fingerprint its content fingerprint, when computed
 * @param publishedDigest the digest the store holds at {@code name:version}, when the plan saw one
 * @param bases       its external bases (pinned or not, and what upstream says when asked), in Dockerfile order
 */
public record ImagePlan(String name, String version, Decision decision, List<Platform> platforms, Set<String> parents,
                        Optional<String> fingerprint, Optional<String> publishedDigest, List<ExternalBase> bases) {
    public ImagePlan {
        platforms = List.copyOf(new TreeSet<>(platforms));
        parents = Set.copyOf(parents);
        bases = List.copyOf(bases);
    }

    public ImagePlan(String name, String version, Decision decision, List<Platform> platforms, Set<String> parents,
                     Optional<String> fingerprint, Optional<String> publishedDigest) {
        this(name, version, decision, platforms, parents, fingerprint, publishedDigest, List.of());
    }

    public ImagePlan withBases(List<ExternalBase> list) {
        return new ImagePlan(name, version, decision, platforms, parents, fingerprint, publishedDigest, list);
    }

    public ImagePlan(String name, String version, Decision decision, List<Platform> platforms, Set<String> parents,
                     Optional<String> fingerprint) {
        this(name, version, decision, platforms, parents, fingerprint, Optional.empty());
    }

    public boolean builds() {
        return decision instanceof Decision.Build;
    }
}
