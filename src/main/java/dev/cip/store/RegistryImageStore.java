package dev.cip.store;

import dev.cip.plan.ImageStore;
import dev.cip.plan.StoredImage;
import dev.cip.registry.Manifest;
import dev.cip.registry.RegistryAddress;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.RegistryException;
import dev.cip.registry.RepositoryClient;

import java.util.Optional;

/**
 * A registry as the planner sees it: a manifest {@code HEAD} for existence; when details count, a {@code GET} of the
 * tag's manifest, and the platforms and the fingerprint read from it (and the platform manifest, or the config) only
 * once per digest thanks to the cache.
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
        if (!(withDetails && readDetails)) {
            return client.head(registry, name, tag).map(h -> StoredImage.present(h.digest()));
        }
        // One GET gives the digest (verified) and, for an index, the platforms: as cheap as a HEAD when the digest is
        // known, and one read fewer when it is not.
        RepositoryClient repo = client.at(registry, name);
        Optional<Manifest> top = repo.manifest(tag);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        String digest = top.get().digest();
        Optional<StoredImage> known = cache.get(registry, name, digest);
        if (known.isPresent()) {
            return known.map(k -> k.withDigest(digest));
        }
        StoredImage read = PublishedImageReader.forPlan(client, repo, top.get())
                .orElseThrow(() -> unreadable(name, tag, digest));
        cache.put(registry, name, digest, read);
        return Optional.of(read.withDigest(digest));
    }

    /** A tag whose index names a platform manifest the registry then does not serve: said so, never planned on. */
    private RegistryException unreadable(String name, String tag, String digest) {
        RegistryAddress reg = RegistryAddress.parse(registry);
        return new RegistryException(RegistryException.Kind.INVALID, reg.host(), reg.repository(name), 404,
                "registry " + reg.host() + " is inconsistent: tag " + reg.repository(name) + ":" + tag + " ("
                        + digest + ") names a platform manifest that GET answers 404 for; cip does not plan on an "
                        + "image it cannot read (try again later; if it persists, check the registry's storage and "
                        + "caches)");
    }

    @Override
    public String describe() {
        return "registry " + registry;
    }
}
