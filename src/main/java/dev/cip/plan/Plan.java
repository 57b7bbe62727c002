package dev.cip.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a goal will do: one decision per selected image, in topological order, and the warnings found.
 *
 * @param registry the registry the images are tagged under
 * @param store            where existence was checked
 * @param changedNotBumped images whose published content differs from the context (fingerprint) at the same version
 * @param digests          the digest the store answered for each {@code name:tag} found present, where it has one:
 *                         a child built on a published parent is pinned to exactly this digest
 */
public record Plan(Goal goal, String registry, String store, List<ImagePlan> images, List<String> warnings,
                   List<String> changedNotBumped, Map<String, String> digests) {
    public Plan {
        images = List.copyOf(images);
        warnings = List.copyOf(warnings);
        changedNotBumped = List.copyOf(changedNotBumped);
        digests = Map.copyOf(digests);
    }

    public Plan(Goal goal, String registry, String store, List<ImagePlan> images, List<String> warnings,
                List<String> changedNotBumped) {
        this(goal, registry, store, images, warnings, changedNotBumped, Map.of());
    }

    /** The digest the plan saw at {@code name:tag}, when present with one. */
    public Optional<String> digest(String name, String tag) {
        return Optional.ofNullable(digests.get(name + ":" + tag));
    }

    public Plan(Goal goal, String registry, String store, List<ImagePlan> images, List<String> warnings) {
        this(goal, registry, store, images, warnings, List.of());
    }

    public Optional<ImagePlan> image(String name) {
        return images.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public List<ImagePlan> toBuild() {
        return images.stream().filter(ImagePlan::builds).toList();
    }

    public long count(Class<? extends Decision> kind) {
        return images.stream().filter(i -> kind.isInstance(i.decision())).count();
    }
}
