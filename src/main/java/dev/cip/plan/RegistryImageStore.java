package dev.cip.plan;

import dev.cip.registry.ImageSummary;
import dev.cip.registry.RegistryClient;

import java.util.Optional;

/** A registry as the planner sees it: {@code HEAD} for existence, the index and config only when details count. */
public final class RegistryImageStore implements ImageStore {
    private final RegistryClient client;
    private final String registry;
    private final boolean readDetails;

    /**
     * @param readDetails read platforms and fingerprints of present images (multi-platform goals, fingerprints);
     *                    otherwise one {@code HEAD} per image
     */
    public RegistryImageStore(RegistryClient client, String registry, boolean readDetails) {
        this.client = client;
        this.registry = registry;
        this.readDetails = readDetails;
    }

    @Override
    public Optional<StoredImage> find(String name, String tag, boolean withDetails) {
        if (!(withDetails && readDetails)) {
            return client.head(registry, name, tag).map(h -> StoredImage.present());
        }
        return client.inspect(registry, name, tag).map(RegistryImageStore::stored);
    }

    private static StoredImage stored(ImageSummary s) {
        return new StoredImage(s.platforms(), Optional.ofNullable(s.fingerprint()));
    }

    @Override
    public String describe() {
        return "registry " + registry;
    }
}
