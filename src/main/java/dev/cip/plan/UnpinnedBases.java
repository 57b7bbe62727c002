package dev.cip.plan;

import java.util.List;
import java.util.Map;

/** Strict mode: images build on external bases that are not pinned by digest. Nothing was built. */
public final class UnpinnedBases extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient Map<String, List<String>> images;

    /** @param message the refusal in the words of the tool the user runs ({@link Advice#strictUnpinned}) */
    public UnpinnedBases(Map<String, List<String>> images, String message) {
        super(message);
        this.images = Map.copyOf(images);
    }

    /** Refuses {@code plan} when an image of it has an unpinned base. */
    public static void refuse(Plan plan, Advice advice) {
        Map<String, List<String>> unpinned = ExternalBases.unpinned(plan);
        if (!unpinned.isEmpty()) {
            throw new UnpinnedBases(unpinned, advice.strictUnpinned(unpinned));
        }
    }

    /** Image → its unpinned references. */
    public Map<String, List<String>> images() {
        return images;
    }
}
