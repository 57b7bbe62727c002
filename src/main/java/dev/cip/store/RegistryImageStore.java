package dev.cip.store;

import dev.cip.oci.Platform;
import dev.cip.plan.ImageStore;
import dev.cip.plan.StoredImage;
import dev.cip.registry.ImageSummary;
import dev.cip.registry.ManifestHead;
import dev.cip.registry.RegistryAddress;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.RegistryException;

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
        ImageSummary summary = PublishedImageReader.inspect(client, registry, name, digest)
                .orElseThrow(() -> headedButMissing(name, tag, digest));
        cache.put(registry, name, digest, stored(summary));
        return Optional.of(stored(summary).withDigest(digest));
    }

    /** A tag whose HEAD names a digest the registry then does not serve: an inconsistent registry, said so. */
    private RegistryException headedButMissing(String name, String tag, String digest) {
        RegistryAddress reg = RegistryAddress.parse(registry);
        return new RegistryException(RegistryException.Kind.INVALID, reg.host(), reg.repository(name), 404,
                "registry " + reg.host() + " is inconsistent: tag " + reg.repository(name) + ":" + tag
                        + " answers HEAD with " + digest + ", but GET of that digest answers 404; cip does not plan "
                        + "on an image it cannot read (try again later; if it persists, check the registry's storage "
                        + "and caches)");
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
