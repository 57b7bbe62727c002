package dev.cip.plan;

import java.util.Map;
import java.util.Optional;

/**
 * Every fact a plan is decided on, gathered before deciding (see {@link Survey}): what the image store holds at each
 * {@code name:tag} the plan asks about, and the content fingerprints.
 *
 * @param store        where the images were looked up, for messages (e.g. {@code registry localhost:5000})
 * @param found        what is stored at each looked-up tag; absent from the map means not looked up
 * @param fingerprints the content fingerprint of each image, when computed
 */
public record Observations(String store, Map<Tag, Optional<StoredImage>> found, Map<String, String> fingerprints) {

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
    }

    /** What is stored at {@code name:tag}. */
    public Optional<StoredImage> at(String name, String tag) {
        Optional<StoredImage> s = found.get(new Tag(name, tag));
        if (s == null) {
            throw new IllegalStateException(name + ":" + tag + " was not looked up in " + store);
        }
        return s;
    }

    public Optional<String> fingerprint(String name) {
        return Optional.ofNullable(fingerprints.get(name));
    }
}
