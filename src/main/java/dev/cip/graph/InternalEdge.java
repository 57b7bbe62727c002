package dev.cip.graph;

import dev.cip.dockerfile.ImageReference;

import java.util.Optional;

/**
 * A reference from a child image to another image of the project.
 *
 * @param parent          the parent's image name
 * @param expectedVersion the tag the child asks for, when it names one
 * @param reference       where in the child's Dockerfile
 */
public record InternalEdge(String parent, Optional<String> expectedVersion, ImageReference reference) {
}
