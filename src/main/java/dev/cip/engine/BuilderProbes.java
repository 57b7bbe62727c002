package dev.cip.engine;

import dev.cip.oci.Platform;
import dev.cip.plan.Plan;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The step that asks docker what the bake definition needs, only when something is to be built: the attestations the
 * builder can make, the builder and its nodes' platforms (both remembered across runs in {@link DockerFactsCache}),
 * and the local platform a pushing run names staging tags by.
 */
public final class BuilderProbes {
    private BuilderProbes() {
    }

    /** Describes the builder. */
    @FunctionalInterface
    public interface Inspect {
        BuilderInfo inspect() throws IOException, InterruptedException;
    }

    /**
     * What docker said.
     *
     * @param attestations  the {@code attest} entries of every target
     * @param localPlatform the platform images built without {@code --platform} are built for, when the run pushes one
     */
    public record Facts(List<String> attestations, BuilderInfo builder, Optional<Platform> localPlatform) {
        public Facts {
            attestations = List.copyOf(attestations);
        }
    }

    /** {@code docker buildx inspect} of the run's builder. */
    public static Inspect inspecting(RunConfig.EngineOptions engine) {
        return () -> BuilderInfo.inspect(engine.docker(), engine.builder(), engine.environment());
    }

    /**
     * The attestations and the builder, from {@code remembered} while the builder, engine and CLI are unchanged
     * ({@link DockerIdentity}), otherwise from the two docker calls side by side; then the local platform when a
     * pushed image needs one.
     */
    public static Facts probe(RunConfig config, Plan plan, Inspect inspect, DockerFactsCache remembered)
            throws IOException, InterruptedException {
        RunConfig.EngineOptions engine = config.engine();
        DockerFactsCache.Probes probes = new DockerFactsCache.Probes() {
            @Override
            public BuilderInfo builder() throws IOException, InterruptedException {
                return inspect.inspect();
            }

            @Override
            public boolean supportsProvenance() throws IOException, InterruptedException {
                return ProvenanceProbe.supportsProvenance(engine.docker());
            }
        };
        DockerFacts facts = remembered.facts(() -> DockerIdentity.of(engine.docker(), engine.builder(),
                engine.environment()), config.build().provenance(), config.image().sbom(), probes);
        Optional<Platform> localPlatform = Optional.empty();
        if (config.goal().pushes() && plan.toBuild().stream().anyMatch(i -> i.platforms().isEmpty())) {
            // the staging tag of a local-platform image names the platform the builder builds by default
            Optional<Platform> byBuilder = facts.builder().defaultPlatform();
            localPlatform = Optional.of(byBuilder.isPresent() ? byBuilder.get()
                    : LocalPlatform.of(engine.docker(), engine.environment()));
        }
        return new Facts(facts.attestations(), facts.builder(), localPlatform);
    }
}
