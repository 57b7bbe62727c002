package dev.cip.engine;

import dev.cip.concurrent.Parallel;
import dev.cip.oci.Platform;
import dev.cip.plan.Plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The step that asks docker what the bake definition needs, only when something is to be built: the attestations the
 * builder can make, the builder and its nodes' platforms, and the local platform a pushing run names staging tags by.
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

    /** The two docker calls side by side, then the local platform when a pushed image needs one. */
    public static Facts probe(RunConfig config, Plan plan, Inspect inspect) throws IOException, InterruptedException {
        AtomicReference<List<String>> attestations = new AtomicReference<>();
        AtomicReference<BuilderInfo> builder = new AtomicReference<>();
        List<DockerCall> calls = List.of(
                () -> attestations.set(ProvenanceProbe.attestations(config.build().provenance(), config.image().sbom(),
                        config.engine().docker())),
                () -> builder.set(inspect.inspect()));
        try {
            Parallel.forEach("cip-docker-probe", 2, calls, call -> {
                try {
                    call.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }, () -> { });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Optional<Platform> localPlatform = Optional.empty();
        if (config.goal().pushes() && plan.toBuild().stream().anyMatch(i -> i.platforms().isEmpty())) {
            // the staging tag of a local-platform image names the platform the builder builds by default
            Optional<Platform> byBuilder = builder.get().defaultPlatform();
            localPlatform = Optional.of(byBuilder.isPresent() ? byBuilder.get()
                    : LocalPlatform.of(config.engine().docker(), config.engine().environment()));
        }
        return new Facts(attestations.get(), builder.get(), localPlatform);
    }

    /** A docker call made before the solve. */
    @FunctionalInterface
    private interface DockerCall {
        void run() throws IOException, InterruptedException;
    }
}
