package dev.cip.release;

import dev.cip.oci.Labels;
import dev.cip.oci.Names;
import dev.cip.oci.Tags;
import dev.cip.registry.ImageSummary;
import dev.cip.registry.RegistryClient;
import dev.cip.store.PublishedImageReader;

import java.util.Optional;

/**
 * The release's last guard that a released version never moves: an extra tag named like a version that already
 * holds that version of the image (its version label or annotation says so, or it has none) is never re-pointed.
 * A moving tag such as {@code 20} that holds {@code 20.1.0} may move.
 */
final class ReleasedVersions {
    private ReleasedVersions() {
    }

    /**
     * Why writing {@code tag} of {@code name} at {@code digest} would move a released version, or empty when it would
     * not (the tag is not version-shaped, does not exist or already holds {@code digest}).
     */
    static Optional<String> wouldMove(RegistryClient client, String registry, String name, String tag,
                                      String currentDigest, String digest) {
        if (!Tags.looksLikeVersion(tag) || currentDigest.equals(digest)) {
            return Optional.empty();
        }
        Optional<String> held = PublishedImageReader.inspect(client, registry, name, currentDigest)
                .map(ReleasedVersions::version);
        if (held.isPresent() && !held.get().isEmpty() && !held.get().equals(tag)) {
            return Optional.empty();
        }
        return Optional.of("the extra tag " + tag + " already holds version " + tag + " of " + name + " ("
                + Names.shortDigest(currentDigest) + "): a released version never moves; remove " + tag
                + " from the image's extra tags");
    }

    private static String version(ImageSummary s) {
        String v = s.labels().get(Labels.VERSION);
        return v != null ? v : s.annotations().getOrDefault(Labels.VERSION, "");
    }
}
