package dev.cip.store;

import dev.cip.oci.Platform;
import dev.cip.plan.ImageStore;
import dev.cip.plan.StoredImage;
import dev.cip.registry.ImageSummary;
import dev.cip.registry.ManifestHead;
import dev.cip.registry.RegistryClient;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A registry as the planner sees it: a manifest {@code HEAD} for existence; the platforms and the fingerprint (index,
 * platform manifest, config) only when details count, and then only once per digest thanks to the cache.
 */
public final class RegistryImageStore implements ImageStore {
    private final RegistryClient client;
    private final String registry;
    private final boolean readDetails;
    private final SummaryCache cache;

    /**
     * @param readDetails read platforms and fingerprints of present images (multi-platform goals, fingerprints);
     *                    otherwise one {@code HEAD} per image
     */
    public RegistryImageStore(RegistryClient client, String registry, boolean readDetails, SummaryCache cache) {
        this.client = client;
        this.registry = registry;
        this.readDetails = readDetails;
        this.cache = cache;
    }

    public RegistryImageStore(RegistryClient client, String registry, boolean readDetails) {
        this(client, registry, readDetails, SummaryCache.none());
    }

    @Override
    public Optional<StoredImage> find(String name, String tag, boolean withDetails) {
        Optional<ManifestHead> head = client.head(registry, name, tag);
        if (head.isEmpty() || !(withDetails && readDetails)) {
            return head.map(h -> StoredImage.present(h.digest()));
        }
        String digest = head.get().digest();
        Optional<StoredImage> known = cache.get(registry, name, digest);
        if (known.isPresent()) {
            return known.map(k -> k.withDigest(digest));
        }
        // By digest, so that what is read is what the HEAD saw even if the tag moves meanwhile.
        Optional<ImageSummary> summary = PublishedImageReader.inspect(client, registry, name, digest);
        summary.ifPresent(s -> cache.put(registry, name, digest, stored(s)));
        return summary.map(s -> stored(s).withDigest(digest));
    }

    private static StoredImage stored(ImageSummary s) {
        return new StoredImage(s.platforms().stream().map(Platform::parseAny).collect(Collectors.toSet()),
                Optional.ofNullable(s.fingerprint()));
    }

    @Override
    public String describe() {
        return "registry " + registry;
    }
}
