package dev.cip.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a goal will do: one decision per selected image, in topological order, and the warnings found.
 *
 * @param registry the registry the images are tagged under
 * @param store            where existence was checked
 * @param changedNotBumped images whose published content differs from the context (fingerprint) at the same version
 * @param changedBecause   for each of {@code changedNotBumped}, the image whose own content changed: itself, or the
 *                         ancestor it inherits the change from
 */
public record Plan(Goal goal, String registry, String store, List<ImagePlan> images, List<String> warnings,
                   List<String> changedNotBumped, Map<String, String> changedBecause) {
    public Plan {
        images = List.copyOf(images);
        warnings = List.copyOf(warnings);
        changedNotBumped = List.copyOf(changedNotBumped);
        changedBecause = Collections.unmodifiableMap(new LinkedHashMap<>(changedBecause));
    }

    public Plan(Goal goal, String registry, String store, List<ImagePlan> images, List<String> warnings,
                List<String> changedNotBumped) {
        this(goal, registry, store, images, warnings, changedNotBumped,
                changedNotBumped.stream().collect(Collectors.toMap(n -> n, n -> n)));
    }

    /** The images whose own content changed without a bump (the others of {@link #changedNotBumped} follow them). */
    public List<String> changedRoots() {
        return changedNotBumped.stream().filter(n -> n.equals(changedBecause.getOrDefault(n, n))).toList();
    }

    public Plan(Goal goal, String registry, String store, List<ImagePlan> images, List<String> warnings) {
        this(goal, registry, store, images, warnings, List.of());
    }

    /** This plan with each image's external bases, and the warnings about them after the others. */
    public Plan withBases(Map<String, List<ExternalBase>> bases, List<String> baseWarnings) {
        List<ImagePlan> with = images.stream().map(i -> i.withBases(bases.getOrDefault(i.name(), List.of())))
                .toList();
        List<String> all = new ArrayList<>(warnings);
        all.addAll(baseWarnings);
        return new Plan(goal, registry, store, with, all, changedNotBumped);
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
