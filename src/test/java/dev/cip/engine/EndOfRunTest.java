package dev.cip.engine;

import dev.cip.graph.ImageGraph;
import dev.cip.oci.Platform;
import dev.cip.plan.Decision;
import dev.cip.plan.Goal;
import dev.cip.plan.ImagePlan;
import dev.cip.plan.Plan;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import dev.cip.release.ImageRelease;
import dev.cip.release.ReleaseMode;
import dev.cip.release.ReleaseOutcome;
import dev.cip.release.Releaser;
import dev.cip.release.StagingReader;
import dev.cip.release.StagingTag;
import dev.cip.report.BuildResult;
import dev.cip.report.Console;
import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The release at the end of a pushing run, against a real registry: only what this run built is released. */
class EndOfRunTest {
    private static final List<String> BOTH = List.of("linux/amd64", "linux/arm64");

    @TempDir
    Path tmp;

    @Test
    void aFailedBuildIsNeverReleasedEvenWhenItsVersionIsStaged() throws Exception {
        try (TestRegistry registry = TestRegistry.open(); RegistryClient client = TestImages.quickRetryClient()) {
            String reg = registry.address() + "/" + TestImages.namespace("eor");
            ImageGraph graph = ProjectFixture.in(tmp.resolve("project"))
                    .image("00-base", "1.0.0")
                    .context("01-app", ProjectFixture.dockerfileOn("base:1.0.0"), "{:version \"2.0.0\"}")
                    .graph(reg);
            // both are staged for their versions (by an earlier run, or this one's push before bake failed)
            for (String name : List.of("base", "app")) {
                String version = graph.node(name).version();
                TestImages.pushIndex(client, reg, name, StagingTag.of(version, BOTH).tag(), BOTH,
                        Map.of("dev.cip.fingerprint", "sha256:" + name), false, 100);
            }
            RunConfig config = new RunConfig(Goal.PUBLISH,
                    new RunConfig.ProjectTarget(tmp.resolve("project"), reg),
                    new RunConfig.Selection(List.of(), false, false, BOTH, false),
                    new RunConfig.BuildOptions(Map.of(), true, "false", true, List.of()),
                    new RunConfig.EngineOptions("docker", Optional.empty(), List.of(), true, 0, Duration.ZERO, false,
                            Map.of()),
                    new RunConfig.Output(tmp.resolve("report"), true, false, Instant.now()),
                    new RunConfig.Release(Set.of(), ReleaseMode.END), RunConfig.ImageOptions.defaults());
            BuildPipeline.StagingArea staging = new BuildPipeline.StagingArea(new StagingReader(client, reg),
                    new Releaser(client, reg, 2));
            List<Platform> platforms = Platform.parseAll(BOTH);
            Plan plan = new Plan(Goal.PUBLISH, reg, "registry " + reg, List.of(
                    new ImagePlan("base", "1.0.0", new Decision.Build("new version 1.0.0"), platforms, Set.of(),
                            Optional.empty(), Optional.empty()),
                    new ImagePlan("app", "2.0.0", new Decision.Build("new version 2.0.0"), platforms, Set.of("base"),
                            Optional.empty(), Optional.empty())), List.of());
            Map<String, BuildResult> results = Map.of(
                    "base", result("base", "1.0.0", BuildResult.Status.FAILED, Optional.empty()),
                    "app", result("app", "2.0.0", BuildResult.Status.BLOCKED, Optional.of("base")));

            ReleaseOutcome outcome = new EndOfRun(config, Optional.of(staging), new Console() {
                @Override
                public void info(String line) {
                }

                @Override
                public void warn(String line) {
                }
            }).release(plan, graph, results, name -> platforms);

            Map<String, ImageRelease> byName = new java.util.HashMap<>();
            outcome.images().forEach(r -> byName.put(r.name(), r));
            assertEquals(ImageRelease.Status.FAILED, byName.get("base").status(), byName.get("base").reason());
            assertEquals("its build failed", byName.get("base").reason());
            assertEquals(ImageRelease.Status.BLOCKED, byName.get("app").status(), byName.get("app").reason());
            for (String tag : List.of("base:1.0.0", "base:latest", "app:2.0.0", "app:latest")) {
                String[] t = tag.split(":");
                assertTrue(client.head(reg, t[0], t[1]).isEmpty(), tag + " was tagged from a failed run");
            }
        }
    }

    private BuildResult result(String name, String version, BuildResult.Status status, Optional<String> blockedBy) {
        return new BuildResult(name, version, status, 1, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), tmp.resolve(name + ".log"), blockedBy, List.of(), Optional.empty());
    }
}
