package dev.cip.release;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.cip.oci.Names.shortDigest;

/**
 * One release, one content: an index is assembled only from platform manifests that carry the same fingerprint.
 * Shards staged from two trees (two commits, or one shard run again after a change) would otherwise be released as
 * one version whose platforms were built from different sources.
 */
final class OneContent {
    private OneContent() {
    }

    /**
     * Why the index cannot be released as one content, or empty when every platform carries the same fingerprint
     * (or none carries any: not staged by cip).
     *
     * @param reader reads each platform manifest's fingerprint (a manifest and a config read per platform)
     */
    static Optional<String> mixed(StagingReader reader, String name, IndexAssembler.Assembled assembled) {
        if (assembled.sources().size() < 2) {
            return Optional.empty();
        }
        Set<Optional<String>> seen = new LinkedHashSet<>();
        List<String> each = new ArrayList<>();
        for (IndexAssembler.Source s : assembled.sources()) {
            Optional<String> fingerprint = reader.fingerprint(name, s.digest());
            seen.add(fingerprint);
            each.add(s.platform() + " " + fingerprint.map(f -> "fingerprint " + shortDigest(f))
                    .orElse("without fingerprint") + " (" + s.tag() + ")");
        }
        if (seen.size() < 2) {
            return Optional.empty();
        }
        return Optional.of("its platforms were staged from different content: " + String.join(", ", each)
                + "; one version is one content, so nothing of it is tagged: stage the platforms staged from "
                + "another tree again from the tree to release");
    }
}
