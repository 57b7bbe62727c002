package dev.cip.app;

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
import dev.cip.release.StagingTag;
import dev.cip.report.BuildResult;
import dev.cip.report.Console;
import dev.cip.report.ImageRun;
import dev.cip.report.Trace;
import dev.cip.sign.Signing;
import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The release at the end of a pushing run, against a real registry: only what this run built is released. */
class ReleaseAtEndOfRunTest {
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
            List<Platform> platforms = Platform.parseAll(BOTH);
            Plan plan = new Plan(Goal.PUBLISH, reg, "registry " + reg, List.of(
                    new ImagePlan("base", "1.0.0", new Decision.Build("new version 1.0.0"), platforms, Set.of(),
                            Optional.empty(), Optional.empty()),
                    new ImagePlan("app", "2.0.0", new Decision.Build("new version 2.0.0"), platforms, Set.of("base"),
                            Optional.empty(), Optional.empty())), List.of());
            List<ImageRun> images = List.of(
                    ImageRun.planned(plan.images().get(0)).built(result("base", "1.0.0", BuildResult.Status.FAILED,
                            Optional.empty())),
                    ImageRun.planned(plan.images().get(1)).built(result("app", "2.0.0", BuildResult.Status.BLOCKED,
                            Optional.of("base"))));

            ReleaseOutcome outcome = new ReleaseAndSign(new Releaser(client, reg, 2), reg, Signing.NONE,
                    new Console() {
                        @Override
                        public void info(String line) {
                        }

                        @Override
                        public void warn(String line) {
                        }
                    }, ReleaseAndSign.Telling.END_OF_RUN, new Trace(Instant.now()))
                    .run(BuildRecipe.toRelease(graph, images, name -> platforms, List.of()), ReleaseMode.END, true,
                            false).outcome();

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
        BuildResult.Builder result = BuildResult.builder(name, version, status, tmp.resolve(name + ".log")).attempts(1);
        blockedBy.ifPresent(result::blockedBy);
        return result.build();
    }
}
