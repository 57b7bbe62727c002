package dev.cip.plan;

import dev.cip.oci.Platform;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every fact a plan is decided on, gathered before deciding (see {@link Survey}): what the image store holds at each
 * {@code name:tag} the plan asks about, and the content fingerprints.
 *
 * @param store        where the images were looked up, for messages (e.g. {@code registry localhost:5000})
 * @param found        what is stored at each looked-up tag; absent from the map means not looked up
 * @param fingerprints the content fingerprint of each image, when computed
 * @param staged       what is staged (staging tag to platforms) at each {@code name:version} that is not in the
 *                     store; absent from the map means not looked up (or nothing staged)
 * @param stagedContent  each staged platform manifest with its fingerprint, at each selected {@code name:version}
 *                       that is staged; absent from the map means not read
 */
public record Observations(String store, Map<Tag, Optional<StoredImage>> found, Map<String, String> fingerprints,
                           Map<Tag, Map<String, List<Platform>>> staged, Map<Tag, List<StagedPlatform>> stagedContent) {

    public Observations(String store, Map<Tag, Optional<StoredImage>> found, Map<String, String> fingerprints,
                        Map<Tag, Map<String, List<Platform>>> staged) {
        this(store, found, fingerprints, staged, Map.of());
    }

    public Observations(String store, Map<Tag, Optional<StoredImage>> found, Map<String, String> fingerprints) {
        this(store, found, fingerprints, Map.of());
    }

    /** One {@code name:tag} of a project image. */
    public record Tag(String name, String tag) {
        @Override
        public String toString() {
            return name + ":" + tag;
        }
    }

    public Observations {
        found = Map.copyOf(found);
        fingerprints = Map.copyOf(fingerprints);
        staged = Map.copyOf(staged);
        stagedContent = Map.copyOf(stagedContent);
    }

    /** What is stored at {@code name:tag}. */
    public Optional<StoredImage> at(String name, String tag) {
        Optional<StoredImage> s = found.get(new Tag(name, tag));
        if (s == null) {
            throw new IllegalStateException(name + ":" + tag + " was not looked up in " + store);
        }
        return s;
    }

    /** The staging tags of {@code name:version} with their platforms; empty when nothing is staged. */
    public Map<String, List<Platform>> stagedAt(String name, String version) {
        return staged.getOrDefault(new Tag(name, version), Map.of());
    }

    /** Every platform staged for {@code name:version}, under any staging tag. */
    public Set<Platform> stagedPlatforms(String name, String version) {
        Set<Platform> all = new TreeSet<>();
        stagedAt(name, version).values().forEach(all::addAll);
        return all;
    }

    /** Each platform manifest staged for {@code name:version}, with its fingerprint; empty when none was read. */
    public List<StagedPlatform> stagedContentAt(String name, String version) {
        return stagedContent.getOrDefault(new Tag(name, version), List.of());
    }

    public Optional<String> fingerprint(String name) {
        return Optional.ofNullable(fingerprints.get(name));
    }
}
