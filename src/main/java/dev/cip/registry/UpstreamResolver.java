package dev.cip.registry;

import dev.cip.concurrent.Parallel;
import dev.cip.oci.ImageRef;
import dev.cip.oci.Tags;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves external base references ({@code debian:bookworm-slim}, {@code ghcr.io/owner/app:1}) to the current
 * digest of their tag, as Docker would pull them: Docker Hub short names go to {@code registry-1.docker.io} under
 * {@code library/}, with the client's credentials, transport rules and (anonymous) bearer tokens.
 *
 * <p>One {@code HEAD} per distinct (registry, repository, tag), with every manifest media type accepted, so a
 * multi-platform tag gives its index digest; a digest written in a reference is ignored (the question is where the
 * tag points now). The requests run in parallel, at most {@code concurrency} at a time. A failure is an answer, not
 * an exception: one unreachable upstream does not hide what the others said.
 */
public final class UpstreamResolver {
    private final RegistryClient client;
    private final int concurrency;

    public UpstreamResolver(RegistryClient client, int concurrency) {
        this.client = Objects.requireNonNull(client, "client");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.concurrency = concurrency;
    }

    /** What became of one reference. */
    public sealed interface Resolution permits Resolved, Failed {
    }

    /** The tag's current manifest digest (the index digest for a multi-platform tag). */
    public record Resolved(String digest) implements Resolution {
    }

    /** Why the tag could not be resolved, worded for a person; names the registry and the reference. */
    public record Failed(String reason) implements Resolution {
    }

    /** Where one reference is looked up: its tag in its repository of its registry. */
    private record Lookup(String registry, String repository, String tag) {
        static Lookup of(ImageRef ref) {
            return new Lookup(ref.registryHost(), ref.repositoryPath(), ref.tag().orElse(Tags.LATEST));
        }

        @Override
        public String toString() {
            return registry + "/" + repository + ":" + tag;
        }
    }

    /**
     * Resolves every reference; the map has one entry per reference given (in the order given), references that
     * name the same tag sharing one request.
     */
    public Map<ImageRef, Resolution> resolve(Collection<ImageRef> references) {
        Map<Lookup, List<ImageRef>> byLookup = new LinkedHashMap<>();
        for (ImageRef ref : references) {
            byLookup.computeIfAbsent(Lookup.of(ref), l -> new ArrayList<>()).add(ref);
        }
        Map<Lookup, Resolution> answers = new ConcurrentHashMap<>();
        try {
            Parallel.forEach("cip-upstream", concurrency, List.copyOf(byLookup.keySet()),
                    lookup -> answers.put(lookup, resolveOne(lookup, byLookup.get(lookup).get(0))), () -> { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<ImageRef, Resolution> result = new LinkedHashMap<>();
        for (ImageRef ref : references) {
            Lookup lookup = Lookup.of(ref);
            result.put(ref, answers.getOrDefault(lookup,
                    new Failed("resolving " + ref + " at registry " + lookup.registry() + " was interrupted")));
        }
        return Collections.unmodifiableMap(result);
    }

    private Resolution resolveOne(Lookup lookup, ImageRef written) {
        String shown = ExternalText.clean(written.toString(), 160);
        try {
            Optional<ManifestHead> head = client.at(lookup.registry(), lookup.repository()).head(lookup.tag());
            if (head.isEmpty()) {
                return new Failed("registry " + lookup.registry() + " has no tag '" + lookup.tag() + "' in "
                        + lookup.repository() + " (" + shown + ")");
            }
            return new Resolved(head.get().digest());
        } catch (RegistryException e) {
            return new Failed("cannot resolve " + shown + " at registry " + lookup.registry() + ": "
                    + ExternalText.clean(e.getMessage(), 600));
        } catch (IllegalArgumentException e) {
            return new Failed("cannot resolve " + shown + " at registry " + ExternalText.clean(lookup.registry(), 100)
                    + ": " + ExternalText.clean(e.getMessage(), 300));
        }
    }
}
