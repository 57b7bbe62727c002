package dev.cip.plan;

import dev.cip.oci.Platform;

import java.util.Optional;
import java.util.Set;

/**
 * What an image store holds at a tag.
 *
 * @param platforms   the platforms of its index (attestations left out); empty when not read
 * @param fingerprint the fingerprint cip recorded on it, when there is one and it was read
 * @param digest      the manifest digest the tag pointed at, when the store tells it
 */
public record StoredImage(Set<Platform> platforms, Optional<String> fingerprint, Optional<String> digest) {
    public StoredImage {
        platforms = Set.copyOf(platforms);
    }

    public StoredImage(Set<Platform> platforms, Optional<String> fingerprint) {
        this(platforms, fingerprint, Optional.empty());
    }

    public static StoredImage present() {
        return new StoredImage(Set.of(), Optional.empty());
    }

    /** Present at {@code digest}, nothing else read. */
    public static StoredImage present(String digest) {
        return new StoredImage(Set.of(), Optional.empty(), Optional.of(digest));
    }

    public StoredImage withDigest(String d) {
        return new StoredImage(platforms, fingerprint, Optional.of(d));
    }

    /** The same without the digest (what a digest-keyed cache keeps). */
    public StoredImage withoutDigest() {
        return new StoredImage(platforms, fingerprint, Optional.empty());
    }
}
