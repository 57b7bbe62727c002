package dev.cip.release;

import dev.cip.oci.Platform;
import dev.cip.plan.ImageStore;
import dev.cip.plan.StagedPlatform;
import dev.cip.plan.StoredImage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A registry store that also tells the plan what is staged: the released tags come from the wrapped store, the
 * staging tags of a version from one {@code /tags/list} of the repository (asked only for versions the store does not
 * have).
 */
public final class StagingAwareStore implements ImageStore {
    private final ImageStore released;
    private final StagingReader reader;

    public StagingAwareStore(ImageStore released, StagingReader reader) {
        this.released = Objects.requireNonNull(released, "released");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    @Override
    public Optional<StoredImage> find(String name, String tag, boolean withDetails) {
        return released.find(name, tag, withDetails);
    }

    @Override
    public Map<String, List<Platform>> staged(String name, String version) {
        Map<String, List<Platform>> out = new LinkedHashMap<>();
        reader.platformsByTag(name, version).forEach((tag, platforms) -> out.put(tag.tag(), platforms));
        return out;
    }

    @Override
    public List<StagedPlatform> stagedContent(String name, String version) {
        return reader.content(name, version);
    }

    @Override
    public String describe() {
        return released.describe();
    }
}
