package dev.cip.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cip.plan.Goal;
import dev.cip.plan.ImageStore;
import dev.cip.plan.StoredImage;
import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline end to end with a fake docker: what reaches {@code docker buildx build}. */
class BuildPipelineTest {
    private static final String REG = "localhost:5000";

    @TempDir
    Path tmp;

    private final List<String> lines = new ArrayList<>();

    private final Console console = new Console() {
        @Override
        public void info(String line) {
            lines.add(line);
        }

        @Override
        public void warn(String line) {
            lines.add("WARN " + line);
        }
    };

    private static final class Present implements ImageStore {
        private final Set<String> present;

        Present(String... nameTags) {
            present = Set.of(nameTags);
        }

        @Override
        public Optional<StoredImage> find(String name, String tag, boolean withDetails) {
            return present.contains(name + ":" + tag) ? Optional.of(StoredImage.present()) : Optional.empty();
        }

        @Override
        public String describe() {
            return "test store";
        }
    }

    private BuildPipeline.Outcome run(Goal goal, FakeDocker docker, ImageStore store) throws Exception {
        ProjectFixture.in(tmp.resolve("project"))
                .image("00-base", "1.0.0")
                .context("01-app", ProjectFixture.dockerfileOn("base:1.0.0"),
                        "{:version \"2.0.0\" :build-args {\"INFO_ARG\" \"i\" \"SHARED\" \"from-info\"}}")
                .image("00-done", "1");
        Map<String, String> goalArgs = new LinkedHashMap<>();
        goalArgs.put("GOAL_ARG", "g");
        goalArgs.put("SHARED", "from-goal");
        BuildPipeline.Config config = new BuildPipeline.Config(goal, tmp.resolve("project"), REG,
                List.of("linux/amd64", "linux/arm64"), goal != Goal.PUBLISH, List.of(), false, false, goalArgs,
                List.of("--no-cache"), true, "auto", true, Optional.empty(), docker.executable(), 2, true, 2,
                Duration.ofMillis(10), false, false, false, tmp.resolve("report"), Map.of());
        return new BuildPipeline(config, store, console).run();
    }

    private static List<String> buildArgs(List<String> argv) {
        return argv.stream().filter(a -> a.startsWith("--build-arg=")).toList();
    }

    @Test
    void publishLocallyBuildsWhatIsMissingWithGoalArgsThenInfoArgs() throws Exception {
        FakeDocker docker = FakeDocker.in(tmp.resolve("bin"));
        BuildPipeline.Outcome outcome = run(Goal.PUBLISH_LOCALLY, docker, new Present("done:1"));
        assertTrue(outcome.succeeded(), lines.toString());
        assertEquals(List.of(), docker.calls("done"), "present images are not built");
        List<String> app = docker.calls("app").get(0);
        assertEquals(List.of("--build-arg=REGISTRY=localhost:5000", "--build-arg=GOAL_ARG=g",
                "--build-arg=SHARED=from-info", "--build-arg=INFO_ARG=i"), buildArgs(app));
        assertEquals(List.of("--build-arg=REGISTRY=localhost:5000", "--build-arg=GOAL_ARG=g",
                "--build-arg=SHARED=from-goal"), buildArgs(docker.calls("base").get(0)));
        assertTrue(app.contains("--pull") && app.contains("--push"), app.toString());
        assertFalse(app.stream().anyMatch(a -> a.startsWith("--platform")), "only the local platform");
        int n = app.size();
        assertEquals(List.of("--no-cache", tmp.resolve("project/contexts/01-app").toString()), app.subList(n - 2, n));
        assertEquals(Optional.of(FakeDocker.DIGEST), outcome.results().get("app").digest());
        JsonNode report = new ObjectMapper().readTree(tmp.resolve("report/report.json").toFile());
        assertEquals(3, report.get("images").size());
    }

    @Test
    void buildNeverPullsForAChildOfAnInternalParent() throws Exception {
        FakeDocker docker = FakeDocker.in(tmp.resolve("bin"));
        BuildPipeline.Outcome outcome = run(Goal.BUILD, docker, new Present());
        assertTrue(outcome.succeeded(), lines.toString());
        List<String> base = docker.calls("base").get(0);
        List<String> app = docker.calls("app").get(0);
        assertTrue(base.contains("--pull") && base.contains("--load"), base.toString());
        assertFalse(app.contains("--pull"), app.toString());
        assertTrue(app.contains("--load"), app.toString());
    }

    @Test
    void publishPassesEveryPlatform() throws Exception {
        FakeDocker docker = FakeDocker.in(tmp.resolve("bin"));
        run(Goal.PUBLISH, docker, new Present());
        assertTrue(docker.calls("base").get(0).contains("--platform=linux/amd64,linux/arm64"));
    }
}
