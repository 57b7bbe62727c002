package dev.cip.failure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Strict mode: images build on external bases that are not pinned by digest. Nothing was built. */
public final class UnpinnedBases extends UserFailure {
    private static final long serialVersionUID = 1L;

    private final transient Map<String, List<String>> images;

    /**
     * @param images  image → its unpinned references
     * @param message the refusal in the words of the tool the user runs
     */
    public UnpinnedBases(Map<String, List<String>> images, String message) {
        super(message, null);
        this.images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
    }

    /** Image → its unpinned references, in the order given. */
    public Map<String, List<String>> images() {
        return images;
    }
}
