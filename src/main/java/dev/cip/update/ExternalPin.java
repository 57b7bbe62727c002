package dev.cip.update;

import dev.cip.dockerfile.ImageReference;
import dev.cip.oci.ImageRef;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One external reference of an image, with the digest it is pinned to.
 *
 * @param image      the image whose Dockerfile holds it
 * @param dockerfile that Dockerfile
 * @param reference  the reference
 * @param upstream   what to ask upstream about: the reference's repository and tag, without digest
 * @param pinned     the digest written in the reference, when it is pinned
 */
public record ExternalPin(String image, Path dockerfile, ImageReference reference, ImageRef upstream,
                          Optional<String> pinned) {

    /** {@code <Dockerfile>:<line>} of the reference. */
    public String where() {
        return dockerfile + ":" + reference.line();
    }

    /** The reference as people read it: {@code debian:bookworm-slim}. */
    public String shown() {
        return upstream.toString();
    }
}
