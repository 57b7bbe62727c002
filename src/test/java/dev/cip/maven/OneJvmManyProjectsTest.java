package dev.cip.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cip.registry.testing.Started;
import dev.cip.registry.testing.TestRegistry;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Maven daemon (mvnd) keeps one JVM, and so one copy of the plugin's classes, for build after build: cip must keep
 * nothing from one execution to the next. Goals on two projects back to back in this JVM each see only their own
 * project, parameters and registry.
 */
class OneJvmManyProjectsTest {
    @Started
    private static TestRegistry registryA;
    @Started
    private static TestRegistry registryB;

    @TempDir
    Path projectA;
    @TempDir
    Path projectB;

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> lines = new ArrayList<>();

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static void image(Path project, String dir, String from, String version) throws IOException {
        write(project.resolve("contexts/" + dir + "/Dockerfile"), "ARG REGISTRY\nFROM " + from + "\n");
        write(project.resolve("contexts/" + dir + "/info.edn"), "{:version \"" + version + "\"}\n");
    }

    private <T extends AbstractCipMojo> T prepare(T mojo, Path project, TestRegistry registry) {
        mojo.projectDir = project.toFile();
        mojo.localRegistry = registry.address();
        mojo.reportDir = project.resolve("target/cip").toFile();
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                lines.add(content.toString());
            }
        });
        return mojo;
    }

    private PlanMojo plan(Path project, TestRegistry registry, List<String> images, String platform) {
        PlanMojo plan = prepare(new PlanMojo(null), project, registry);
        plan.planFor = "publish-locally";
        plan.platforms = List.of(platform);
        plan.images = images;
        plan.docker = "docker";
        plan.provenance = "false";
        plan.pull = false;
        plan.environment = Map.of();
        return plan;
    }

    private JsonNode planned(Path project) throws IOException {
        return json.readTree(project.resolve("target/cip/report.json").toFile());
    }

    @Test
    void goalsOnTwoProjectsInOneJvmSeeOnlyTheirOwnProject() throws Exception {
        image(projectA, "00-root", "scratch", "1.0.0");
        image(projectA, "01-app", "${REGISTRY}/root:1.0.0", "3.0.0");
        image(projectB, "00-base", "scratch", "2.0.0");
        image(projectB, "01-web", "${REGISTRY}/base:1.9.0", "5.0.0");
        image(projectB, "02-api", "${REGISTRY}/base:1.9.0", "6.0.0");

        // 1. A plan of project A with a selection, another registry and platform than B will use.
        plan(projectA, registryA, List.of("app"), "linux/arm64").execute();
        JsonNode a = planned(projectA);

        // 2. A cascade of project B raising base first (the bump and the image selection are B's alone).
        CascadeMojo cascade = prepare(new CascadeMojo(), projectB, registryB);
        cascade.bump = "minor";
        cascade.bumpImage = "base";
        cascade.execute();

        // 3. A plan of project B, with none of A's parameters.
        plan(projectB, registryB, null, "linux/amd64").execute();
        JsonNode b = planned(projectB);

        assertEquals(registryA.address(), a.get("registry").asText());
        assertTrue(names(a).contains("app 3.0.0"), names(a).toString());
        assertTrue(names(a).stream().noneMatch(n -> n.matches("(base|web|api) .*")), names(a).toString());
        assertEquals(registryB.address(), b.get("registry").asText());
        // B's cascade raised base and pointed its children at it...
        assertEquals("{:version \"2.1.0\"}\n", Files.readString(projectB.resolve("contexts/00-base/info.edn")));
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/base:2.1.0\n",
                Files.readString(projectB.resolve("contexts/01-web/Dockerfile")));
        // ...B's plan holds exactly B's images (none of A's selection) at their cascaded versions...
        List<String> bImages = names(b);
        assertEquals(List.of("base", "web", "api"), bImages.stream().map(n -> n.split(" ")[0]).toList(),
                bImages.toString());
        assertTrue(bImages.contains("base 2.1.0"), bImages.toString());
        // ...and A's project and report are untouched by B's goals.
        assertEquals("{:version \"3.0.0\"}\n", Files.readString(projectA.resolve("contexts/01-app/info.edn")));
        assertEquals(a, planned(projectA));

        // 4. B's cascade again in this JVM: the project lock the first one held (the one JVM-wide table cip keeps)
        // was given back, and nothing of the first bump is remembered but what it wrote.
        CascadeMojo again = prepare(new CascadeMojo(), projectB, registryB);
        again.bump = "minor";
        again.bumpImage = "base";
        again.execute();
        assertEquals("{:version \"2.2.0\"}\n", Files.readString(projectB.resolve("contexts/00-base/info.edn")));
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/base:2.2.0\n",
                Files.readString(projectB.resolve("contexts/02-api/Dockerfile")));
    }

    private static List<String> names(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("images").forEach(i -> out.add(i.get("name").asText() + " " + i.get("version").asText()));
        return out;
    }
}
