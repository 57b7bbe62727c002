package dev.cip.engine;

import java.util.List;
import java.util.Objects;

/**
 * What the bake definition needs from docker before a build: the attestations it can make and the builder.
 *
 * @param attestations the bake {@code attest} entries (empty: the builder's default)
 * @param builder      the builder the run builds on
 */
public record DockerFacts(List<String> attestations, BuilderInfo builder) {
    public DockerFacts {
        attestations = List.copyOf(attestations);
        Objects.requireNonNull(builder, "builder");
    }
}
