package dev.cip.plan;

import dev.cip.oci.Names;
import dev.cip.oci.Platform;

import java.util.Objects;
import java.util.Optional;

/**
 * One platform manifest staged for a version, with the content fingerprint recorded on it: what decides whether a
 * staged image is the tree's content (released) or another's (built and staged again).
 *
 * @param tag         the staging tag it is staged under
 * @param platform    its platform
 * @param fingerprint the fingerprint label of its config; empty when it carries none
 */
public record StagedPlatform(String tag, Platform platform, Optional<String> fingerprint) {
    public StagedPlatform {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** E.g. {@code linux/amd64 under 1.0.0__cip-linux-amd64 (fingerprint sha256:1a2b3c4d5e6f)}. */
    public String describe() {
        return platform + " under " + tag + " (" + fingerprint.map(f -> "fingerprint " + Names.shortDigest(f))
                .orElse("no fingerprint") + ")";
    }
}
