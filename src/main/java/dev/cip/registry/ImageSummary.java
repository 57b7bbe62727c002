package dev.cip.registry;

import dev.cip.oci.Labels;
import dev.cip.oci.Platform;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the planner needs to know of a published image.
 *
 * @param digest      digest of the manifest the tag points to (index or single manifest)
 * @param mediaType   its media type
 * @param platforms   platforms ({@code linux/amd64} form), sorted, attestation entries left out
 * @param labels      the image config {@code Labels} of one platform manifest (empty when there are none)
 * @param annotations the annotations of the top manifest (index or manifest)
 */
public record ImageSummary(String digest, String mediaType, Set<String> platforms, Map<String, String> labels,
                           Map<String, String> annotations) {

    public ImageSummary {
        platforms = Collections.unmodifiableSortedSet(new TreeSet<>(platforms));
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }

    /** The platforms in {@code required} that this image does not have (normalized, sorted). */
    public Set<String> missingPlatforms(Collection<String> required) {
        TreeSet<String> missing = new TreeSet<>();
        for (String p : required) {
            String n = Platform.parseAny(p).toString();
            if (!platforms.contains(n)) {
                missing.add(n);
            }
        }
        return Collections.unmodifiableSortedSet(missing);
    }

    /** The {@code dev.cip.fingerprint} label, or the annotation of that name, or null. */
    public String fingerprint() {
        String l = labels.get(Labels.FINGERPRINT);
        return l != null ? l : annotations.get(Labels.FINGERPRINT);
    }
}
