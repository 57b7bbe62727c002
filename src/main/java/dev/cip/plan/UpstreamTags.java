package dev.cip.plan;

import java.util.Collection;
import java.util.Map;

/**
 * The port through which the plan asks upstream registries where tags point now (the registry client implements it
 * in the application layer; the plan itself never reaches the network).
 */
@FunctionalInterface
public interface UpstreamTags {
    /**
     * The current digest of each reference's tag, or why it is not known.
     *
     * @param references tagged references without digests, e.g. {@code debian:bookworm-slim}
     * @return one answer per reference: {@link ExternalBase.Resolved} or {@link ExternalBase.Failed}
     */
    Map<String, ExternalBase.Upstream> current(Collection<String> references);
}
