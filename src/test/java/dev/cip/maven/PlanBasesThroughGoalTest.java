package dev.cip.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cip.registry.testing.Started;
import dev.cip.registry.testing.TestRegistry;
import dev.cip.registry.testing.UpstreamRegistry;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plan shows each image's external bases (cip:plan through the Mojo, a real registry, an upstream registry with
 * token auth as Docker Hub): pinned and unpinned, with -Dcip.checkBases the pins whose tag moved upstream, with
 * -Dcip.strict a refusal of unpinned bases, and offline no upstream request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanBasesThroughGoalTest {
    private Path upstreamDir;
    @Started
    private TestRegistry registry;
    private UpstreamRegistry upstream;
    private String debian;
    private String pinned;
    private String alpine;

    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void start() throws IOException {
        upstreamDir = Files.createTempDirectory("cip-plan-bases-");
        upstream = UpstreamRegistry.start(upstreamDir);
        debian = upstream.address() + "/library/debian:bookworm-slim";
        alpine = upstream.address() + "/library/alpine:3";
        pinned = upstream.push("library/debian", "bookworm-slim", "first").digest();
        upstream.push("library/alpine", "3", "a");
    }

    @AfterAll
    void stop() {
        upstream.close();
        try (var files = Files.walk(upstreamDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }

    private PlanMojo plan() throws IOException {
        lines.clear();
        write("contexts/00-base/Dockerfile", "# syntax=docker/dockerfile:1\nFROM " + debian + "@" + pinned
                + " AS build\nCOPY a /a\nFROM build\n");
        write("contexts/00-base/info.edn", "{:version \"1.0.0\"}\n");
        write("contexts/01-tool/Dockerfile", "FROM ${REGISTRY}/base:1.0.0\nCOPY --from=" + alpine
                + " /upstream-amd64.txt /x\n");
        write("contexts/01-tool/info.edn", "{:version \"1.0.0\"}\n");
        write("contexts/02-plain/Dockerfile", "FROM scratch\nCOPY a /a\n");
        write("contexts/02-plain/info.edn", "{:version \"1.0.0\"}\n");
        write("contexts/00-base/a", "a\n");
        write("contexts/02-plain/a", "a\n");
        PlanMojo mojo = new PlanMojo(null);
        mojo.planFor = "publish-locally";
        mojo.environment = Map.of();
        mojo.projectDir = dir.toFile();
        mojo.localRegistry = registry.address();
        mojo.reportDir = dir.resolve("target/cip").toFile();
        mojo.platforms = List.of("linux/amd64");
        mojo.docker = "docker";
        mojo.provenance = "false";
        mojo.pull = false;
        mojo.setLog(new CapturedLog(lines));
        return mojo;
    }

    private void write(String file, String content) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private JsonNode image(String file, String name) throws IOException {
        for (JsonNode i : json.readTree(dir.resolve("target/cip/" + file).toFile()).get("images")) {
            if (i.get("name").asText().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name + " not in " + file);
    }

    private String table(String image) {
        return lines.stream().filter(l -> l.startsWith("INFO " + image + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(image + " not in the table: " + lines));
    }

    @Test
    void thePlanShowsPinnedAndUnpinnedBasesButNeitherScratchNorStagesNorParents() throws Exception {
        int asked = upstream.tokens().requests();
        plan().execute();
        String shortPin = pinned.substring(0, "sha256:".length() + 12);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO IMAGE ") && l.endsWith("BASES")), lines.toString());
        assertTrue(table("base").endsWith(debian + "@" + shortPin), table("base"));
        assertTrue(table("tool").endsWith(alpine + " unpinned"), table("tool"));
        assertTrue(table("plain").endsWith("local") || table("plain").endsWith("linux/amd64"), table("plain"));

        for (String file : List.of("plan.json", "report.json")) {
            JsonNode base = image(file, "base").get("bases");
            assertEquals(1, base.size(), base.toString());
            assertEquals(debian + "@" + pinned, base.get(0).get("reference").asText());
            assertEquals(2, base.get(0).get("line").asInt());
            assertEquals("pinned", base.get(0).get("state").asText());
            assertEquals(pinned, base.get(0).get("pin").asText());
            assertNull(base.get(0).get("upstream"));
            JsonNode tool = image(file, "tool").get("bases");
            assertEquals(1, tool.size(), tool.toString());
            assertEquals("unpinned", tool.get(0).get("state").asText());
            JsonNode plain = image(file, "plain").get("bases");
            assertTrue(plain == null || plain.isEmpty(), String.valueOf(plain));
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("WARN unpinned bases (tool: " + alpine + ")")
                && l.contains("mvn cip:update -Dcip.pinUnpinned")), lines.toString());
        assertEquals(asked, upstream.tokens().requests(), "without cip.checkBases no upstream is asked");
    }

    @Test
    void checkBasesShowsThePinsWhoseTagMovedUpstream() throws Exception {
        String moved = upstream.push("library/debian", "bookworm-slim", "second").digest();
        try {
            PlanMojo mojo = plan();
            mojo.checkBases = true;
            mojo.execute();
            JsonNode base = image("plan.json", "base").get("bases").get(0);
            assertEquals("moved", base.get("state").asText(), base.toString());
            assertEquals(pinned, base.get("pin").asText());
            assertEquals(moved, base.get("upstream").asText());
            assertEquals("moved", image("report.json", "base").get("bases").get(0).get("state").asText());
            JsonNode tool = image("plan.json", "tool").get("bases").get(0);
            assertEquals("unpinned", tool.get("state").asText());
            assertTrue(tool.get("upstream").asText().startsWith("sha256:"), tool.toString());
            assertTrue(table("base").endsWith("moved → " + moved.substring(0, "sha256:".length() + 12)), table("base"));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("WARN base " + debian + " moved upstream: pinned "
                    + pinned + ", now " + moved + " (base); run mvn cip:update")), lines.toString());
        } finally {
            upstream.push("library/debian", "bookworm-slim", "first");
        }
    }

    @Test
    void checkBasesWithAPinStillCurrentSaysSo() throws Exception {
        PlanMojo mojo = plan();
        mojo.checkBases = true;
        mojo.execute();
        assertEquals("current", image("plan.json", "base").get("bases").get(0).get("state").asText());
        assertFalse(lines.stream().anyMatch(l -> l.contains("moved upstream")), lines.toString());
    }

    @Test
    void strictRefusesUnpinnedBasesNamingImageReferenceAndTheFix() throws Exception {
        PlanMojo mojo = plan();
        mojo.strict = true;
        String message = assertThrows(MojoFailureException.class, mojo::execute).getMessage();
        assertTrue(message.startsWith("cip.strict: unpinned bases (tool: " + alpine + ")"), message);
        assertTrue(message.contains("mvn cip:update -Dcip.pinUnpinned") && message.contains("Nothing was built"),
                message);
        assertFalse(message.contains(debian), "the pinned base is not named: " + message);
        assertEquals("FAILED", json.readTree(dir.resolve("target/cip/report.json").toFile()).get("status").asText());
        // the refused plan is still there to read: plan.json, written beside the steps after the plan, is complete
        assertEquals("unpinned", image("plan.json", "tool").get("bases").get(0).get("state").asText());
        // the builder probes, git's labels and the plan's reports, started when the plan was made, ended with the
        // refusal
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.isAlive()
                && (t.getName().equals("cip-probes") || t.getName().equals("cip-git")
                || t.getName().equals("cip-plan-reports"))), "a thread outlived the goal");
    }

    @Test
    void offlineCheckBasesContactsNoUpstreamAndSaysItSkipped() throws Exception {
        int asked = upstream.tokens().requests();
        MavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setOffline(true);
        request.setUserProperties(new Properties());
        request.setSystemProperties(new Properties());
        PlanMojo mojo = plan();
        @SuppressWarnings("deprecation")
        MavenSession session = new MavenSession(null, null, request, new DefaultMavenExecutionResult());
        mojo.session = session;
        mojo.checkBases = true;
        mojo.execute();
        JsonNode base = image("plan.json", "base").get("bases").get(0);
        assertEquals("skipped", base.get("state").asText(), base.toString());
        assertTrue(base.get("note").asText().contains("offline"), base.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("WARN bases not checked upstream: offline")),
                lines.toString());
        assertEquals(asked, upstream.tokens().requests(), "offline, no upstream is asked");
    }
}
