package dev.cip.oci;

import java.util.Objects;
import java.util.Optional;

/**
 * A project image at a tag under a registry, the one way cip spells a full reference:
 * {@code registry/name:tag}, and with a digest {@code registry/name:tag@sha256:…}.
 *
 * @param registry {@code host[:port][/path]}, already checked (no scheme, no trailing slash)
 * @param name     the image name, one repository component
 * @param tag      the tag
 */
public record ImageName(String registry, String name, String tag) {

    public ImageName {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tag, "tag");
    }

    /** {@code registry/name}, without tag. */
    public String repository() {
        return registry + "/" + name;
    }

    /** The same image under another tag. */
    public ImageName withTag(String other) {
        return new ImageName(registry, name, other);
    }

    /** {@code registry/name:tag@digest} when the digest is known, else {@code registry/name:tag}. */
    public String reference(Optional<String> digest) {
        return toString() + digest.map(d -> "@" + d).orElse("");
    }

    @Override
    public String toString() {
        return repository() + ":" + tag;
    }
}
