package dev.cip.engine;

import dev.cip.context.Validation;
import dev.cip.failure.InvalidSetting;
import dev.cip.oci.Platform;
import dev.cip.plan.Goal;
import dev.cip.release.ReleaseMode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a run needs, grouped by concern, already validated by the caller where noted.
 *
 * @param goal      build (load), publish-locally or publish
 * @param project   which project, against which registry
 * @param selection which images, for which platforms
 * @param build     what every build gets
 * @param engine    how bake is run
 * @param output    what is written, and whether anything is built
 * @param release   how a pushing run ends
 * @param image     labels, extra tags, cache and attestations of every image
 */
public record RunConfig(Goal goal, ProjectTarget project, Selection selection, BuildOptions build,
                        EngineOptions engine, Output output, Release release, ImageOptions image) {
    public RunConfig {
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(image, "image");
    }

    /**
     * Refuses settings no run can use, before anything is read or written.
     *
     * @throws InvalidSetting naming the setting and what is wrong with it
     */
    public void check() {
        if (engine.retries() < 0) {
            throw new InvalidSetting("retries must be 0 or more, not " + engine.retries());
        }
        for (String p : selection.defaultPlatforms()) {
            try {
                Platform.parse(p);
            } catch (InvalidSetting e) {
                throw new InvalidSetting("the default platforms: " + e.getMessage(), e);
            }
        }
        for (String key : build.buildArgs().keySet()) {
            if (!Validation.isArgName(key)) {
                throw new InvalidSetting("build argument key '" + key
                        + "' is not a build argument name (letters, digits and '_')");
            }
        }
        for (String tag : image.extraTags()) {
            Validation.extraTagProblem(tag).ifPresent(problem -> {
                throw new InvalidSetting("extra tags: " + problem);
            });
        }
        String registry = project.registry();
        if (registry.isBlank() || registry.startsWith("-") || registry.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidSetting("'" + registry + "' is not a registry of the form "
                    + "host[:port][/path]");
        }
    }

    /** Whether the run pushes and releases at its end (not a shard, not a load, not a plan). */
    public boolean releasesAtEnd() {
        return goal.pushes() && !release.staging();
    }

    /** The project's directory (holding {@code contexts/}) and the registry its images are planned against. */
    public record ProjectTarget(Path directory, String registry) {
        public ProjectTarget {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(registry, "registry");
        }
    }

    /**
     * Which images a run acts on, and for which platforms.
     *
     * @param images            the names asked for; all when empty
     * @param defaultPlatforms  {@code os/arch[/variant]} for images whose info.edn names none
     * @param onlyLocalPlatform build for the builder's own platform only (no {@code --platform})
     */
    public record Selection(List<String> images, boolean withAncestors, boolean withDescendants,
                            List<String> defaultPlatforms, boolean onlyLocalPlatform) {
        public Selection {
            images = List.copyOf(images);
            defaultPlatforms = List.copyOf(defaultPlatforms);
        }
    }

    /**
     * What every build gets.
     *
     * @param buildArgs  build arguments of every image (its info.edn {@code :build-args} win)
     * @param pull       pull external bases
     * @param provenance {@code auto}, {@code true}, {@code false}, {@code mode=min} or {@code mode=max}
     * @param tagLatest  also tag {@code latest}
     * @param secrets    {@code id=…,env=…} / {@code id=…,src=…} entries: names only, never values
     */
    public record BuildOptions(Map<String, String> buildArgs, boolean pull, String provenance, boolean tagLatest,
                               List<String> secrets) {
        public BuildOptions {
            buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
            secrets = List.copyOf(secrets);
        }
    }

    /**
     * How {@code docker buildx bake} is run.
     *
     * @param extraArgs   appended verbatim to the bake call
     * @param retries     solves again of an image whose push hit a transient registry error
     * @param environment added to docker's environment ({@code DOCKER_CONFIG} with the run's credentials)
     */
    public record EngineOptions(String docker, Optional<String> builder, List<String> extraArgs,
                                boolean stopOnFirstError, int retries, Duration retryBackoff, boolean verbose,
                                Map<String, String> environment) {
        public EngineOptions {
            Objects.requireNonNull(docker, "docker");
            Objects.requireNonNull(builder, "builder");
            extraArgs = List.copyOf(extraArgs);
            environment = Map.copyOf(environment);
        }
    }

    /**
     * What a run writes, and whether it builds.
     *
     * @param dryRun    plan only: write the plan and the bake definition, build nothing
     * @param strict    fail before building when a content changed without a version bump
     * @param goalStart when the goal started, for the report
     */
    public record Output(Path reportDir, boolean dryRun, boolean strict, Instant goalStart) {
        public Output {
            Objects.requireNonNull(reportDir, "reportDir");
            Objects.requireNonNull(goalStart, "goalStart");
        }
    }

    /**
     * What every built image carries and where its build cache lives.
     *
     * @param extraTags tags every image is released (or loaded) under besides {@code <version>} and {@code latest},
     *                  after its info.edn {@code :tags}; each already checked as an extra tag
     * @param source    the {@code org.opencontainers.image.source} label; empty: the git remote {@code origin} of the
     *                  project, when there is one
     * @param created   set {@code org.opencontainers.image.created} to the run's start
     * @param cache     where the build cache is exported to and imported from
     * @param sbom      request an SBOM attestation of every image
     */
    public record ImageOptions(List<String> extraTags, Optional<String> source, boolean created, BuildCache cache,
                               boolean sbom) {
        public ImageOptions {
            extraTags = List.copyOf(extraTags);
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(cache, "cache");
        }

        /** No extra tags, source from git, {@code created} set, no registry cache, no SBOM. */
        public static ImageOptions defaults() {
            return new ImageOptions(List.of(), Optional.empty(), true, BuildCache.NONE, false);
        }
    }

    /**
     * How a pushing run ends: staged only ({@code stage} not empty: one shard, for these platforms), or released at
     * the end ({@code mode}).
     */
    public record Release(Set<Platform> stage, ReleaseMode mode) {
        public Release {
            stage = Set.copyOf(stage);
            Objects.requireNonNull(mode, "mode");
        }

        /** Not a staging run: release at the end, image by image. */
        public static Release atEnd() {
            return new Release(Set.of(), ReleaseMode.END);
        }

        public boolean staging() {
            return !stage.isEmpty();
        }
    }
}
