package dev.cip.cascade;

import java.util.List;

/**
 * Everything a cascade would change, computed and validated before anything is written.
 *
 * @param bumps   the images raised, in topological order
 * @param changes the files to replace (each image's Dockerfile, then its info.edn), in the same order
 */
public record CascadePlan(List<ImageBump> bumps, List<FileChange> changes) {
    public CascadePlan {
        bumps = List.copyOf(bumps);
        changes = List.copyOf(changes);
    }

    /** True when every internal reference is current and nothing was asked to be raised. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** One line per raised image; a requested one says {@code (requested, <level>)}. */
    public List<String> summary() {
        return summary("requested");
    }

    /** One line per raised image; a requested one says {@code (<requestedBy>, <level>)} (see {@link ImageBump}). */
    public List<String> summary(String requestedBy) {
        return bumps.stream().map(b -> b.describe(requestedBy)).toList();
    }
}
