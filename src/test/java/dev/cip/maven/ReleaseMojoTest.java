package dev.cip.maven;

import dev.cip.registry.RegistryClient;
import dev.cip.registry.testing.Started;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import dev.cip.release.StagingTag;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cip:release} on a project whose images were staged in a real registry by two shard runs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseMojoTest {
    @Started
    private TestRegistry registry;
    @Started(quickRetries = true)
    private RegistryClient client;

    private final List<String> log = new ArrayList<>();

    private ReleaseMojo mojo(Path dir, String prefix) {
        ReleaseMojo mojo = new ReleaseMojo(null);
        mojo.projectDir = dir.toFile();
        mojo.localRegistry = "localhost:5000";
        mojo.remoteRegistry = registry.address() + "/" + prefix;
        mojo.reportDir = dir.resolve("target/cip").toFile();
        mojo.platforms = List.of("linux/amd64", "linux/arm64");
        mojo.release = "end";
        mojo.releaseFor = "publish";
        mojo.tagLatest = true;
        mojo.docker = "docker";
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                log.add(content.toString());
            }

            @Override
            public void warn(CharSequence content) {
                log.add(content.toString());
            }
        });
        return mojo;
    }

    private static void write(Path dir, String path, String text) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private void stage(String repo, String platform) {
        TestImages.pushIndex(client, registry.address(), repo, StagingTag.of("1.0.0", List.of(platform)).tag(),
                List.of(platform), Map.of(), true, 100);
    }

    @Test
    void oneShardIsNotEnoughThenTheSecondReleasesEverything(@TempDir Path dir) throws Exception {
        write(dir, "contexts/00-base/Dockerfile", "FROM scratch\n");
        write(dir, "contexts/00-base/info.edn", "{:version \"1.0.0\"}\n");
        write(dir, "contexts/01-app/Dockerfile", "ARG REGISTRY\nFROM ${REGISTRY}/base:1.0.0\n");
        write(dir, "contexts/01-app/info.edn", "{:version \"1.0.0\"}\n");
        write(dir, "contexts/01-tool/Dockerfile", "FROM scratch\n");
        write(dir, "contexts/01-tool/info.edn", "{:version \"1.0.0\" :platforms [\"linux/amd64\"]}\n");
        String prefix = TestImages.namespace("m");
        for (String image : List.of("base", "app", "tool")) {
            stage(prefix + "/" + image, "linux/amd64");
        }

        MojoFailureException e = assertThrows(MojoFailureException.class, () -> mojo(dir, prefix).execute());
        assertTrue(e.getMessage().contains("base 1.0.0: missing platform linux/arm64"), e.getMessage());
        assertTrue(e.getMessage().contains("app 1.0.0: missing platform linux/arm64"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dcip.stage=linux/arm64"), e.getMessage());
        for (String image : List.of("base", "app")) {
            assertTrue(client.head(registry.address(), prefix + "/" + image, "1.0.0").isEmpty(), image);
        }
        // tool wants only linux/amd64: released at the end, whatever the others lack
        assertTrue(client.head(registry.address(), prefix + "/tool", "1.0.0").isPresent());
        assertTrue(e.getMessage().contains("Released: tool; staged images stay staged"), e.getMessage());
        ReleaseMojo none = mojo(dir, prefix);
        none.images = List.of("base");
        MojoFailureException en = assertThrows(MojoFailureException.class, none::execute);
        assertTrue(en.getMessage().contains("No image was released") && !en.getMessage().contains("Every other"),
                en.getMessage());

        ReleaseMojo atomic = mojo(dir, prefix);
        atomic.release = "atomic";
        atomic.images = List.of("base");
        MojoFailureException ea = assertThrows(MojoFailureException.class, atomic::execute);
        assertTrue(ea.getMessage().contains("base 1.0.0: missing platform linux/arm64"), ea.getMessage());

        stage(prefix + "/base", "linux/arm64");
        stage(prefix + "/app", "linux/arm64");
        mojo(dir, prefix).execute();
        for (String image : List.of("base", "app", "tool")) {
            String repo = prefix + "/" + image;
            String version = client.head(registry.address(), repo, "1.0.0").orElseThrow().digest();
            assertEquals(version, client.head(registry.address(), repo, "latest").orElseThrow().digest(), image);
        }
        assertEquals(List.of("linux/amd64", "linux/arm64"), client.manifest(registry.address(), prefix + "/app",
                "1.0.0").orElseThrow().platformEntries().stream().map(d -> d.platform().toString()).sorted()
                .toList());

        log.clear();
        mojo(dir, prefix).execute();
        assertTrue(log.stream().anyMatch(l -> l.contains("0 released, 3 already released, 0 not released")),
                log.toString());
    }

    @Test
    void theReleaseWritesTheSameOutputsAsAPublishReplacingTheShardsStaleReport(@TempDir Path dir) throws Exception {
        write(dir, "contexts/00-base/Dockerfile", "FROM scratch\n");
        write(dir, "contexts/00-base/info.edn", "{:version \"1.0.0\"}\n");
        String prefix = TestImages.namespace("m");
        stage(prefix + "/base", "linux/amd64");
        stage(prefix + "/base", "linux/arm64");
        // what the last shard left: its report.json, stage.json and a log
        write(dir, "target/cip/report.json", "{\"goal\":\"publish\",\"registry\":\"stale\"}");
        write(dir, "target/cip/stage.json", "{}");
        write(dir, "target/cip/logs/base.log", "shard");
        Path output = dir.resolve("github-output");
        Path stepSummary = dir.resolve("step-summary.md");

        ReleaseMojo mojo = mojo(dir, prefix);
        mojo.environment = Map.of(dev.cip.report.CiOutputs.GITHUB_OUTPUT, output.toString(),
                dev.cip.report.CiOutputs.GITHUB_STEP_SUMMARY, stepSummary.toString());
        mojo.execute();

        String repo = registry.address() + "/" + prefix + "/base";
        String digest = client.head(registry.address(), prefix + "/base", "1.0.0").orElseThrow().digest();
        Path reports = dir.resolve("target/cip");
        com.fasterxml.jackson.databind.JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(reports.resolve("report.json").toFile());
        assertEquals("release", report.get("goal").asText());
        assertEquals("SUCCEEDED", report.get("status").asText());
        com.fasterxml.jackson.databind.JsonNode base = report.get("images").get(0);
        assertEquals("RELEASED", base.get("decision").asText());
        assertEquals(digest, base.get("digest").asText(), "the final index digest");
        assertEquals(repo + ":1.0.0@" + digest, base.get("reference").asText());
        assertEquals("[\"linux/amd64\",\"linux/arm64\"]", base.get("platforms").toString());
        assertEquals("[\"1.0.0__cip-linux-amd64\",\"1.0.0__cip-linux-arm64\"]", base.get("staging").toString());
        assertEquals("[\"1.0.0\",\"latest\"]", base.get("written").toString());
        assertTrue(base.get("released").asBoolean());
        List<String> spans = new java.util.ArrayList<>();
        report.get("trace").forEach(span -> {
            assertTrue(span.get("durationMillis").asLong() >= 0, span.toString());
            spans.add(span.get("name").asText());
        });
        assertEquals(List.of("release", "reports", "total"), spans, "where the release's time went");
        assertFalse(Files.exists(reports.resolve("stage.json")), "the shard's files are gone");
        assertFalse(Files.exists(reports.resolve("logs/base.log")));
        String md = Files.readString(reports.resolve("summary.md"));
        assertTrue(md.startsWith("## cip release → `" + registry.address() + "/" + prefix + "`") && md.contains(digest)
                && md.contains("1.0.0__cip-linux-arm64"), md);
        assertTrue(Files.readString(stepSummary).contains(digest));
        String outputs = Files.readString(output);
        assertTrue(outputs.contains("status=SUCCEEDED") && outputs.contains(repo + ":1.0.0@" + digest), outputs);
        String dotenv = Files.readString(reports.resolve("cip.env"));
        assertTrue(dotenv.contains("CIP_STATUS=SUCCEEDED") && dotenv.contains("CIP_REPORT="), dotenv);
    }

    @Test
    void theReleaseGoalWritesInfoEdnTagsAndTheRunsExtraTags(@TempDir Path dir) throws Exception {
        write(dir, "contexts/00-base/Dockerfile", "FROM scratch\n");
        write(dir, "contexts/00-base/info.edn", "{:version \"1.0.0\" :tags [\"stable\"]}\n");
        write(dir, "contexts/01-app/Dockerfile", "ARG REGISTRY\nFROM ${REGISTRY}/base:1.0.0\n");
        write(dir, "contexts/01-app/info.edn", "{:version \"1.0.0\"}\n");
        String prefix = TestImages.namespace("m");
        for (String image : List.of("base", "app")) {
            stage(prefix + "/" + image, "linux/amd64");
        }
        ReleaseMojo mojo = mojo(dir, prefix);
        mojo.platforms = List.of("linux/amd64");
        mojo.extraTags = List.of("abc1234");
        mojo.execute();
        String base = client.head(registry.address(), prefix + "/base", "1.0.0").orElseThrow().digest();
        String app = client.head(registry.address(), prefix + "/app", "1.0.0").orElseThrow().digest();
        assertEquals(base, client.head(registry.address(), prefix + "/base", "stable").orElseThrow().digest());
        assertEquals(base, client.head(registry.address(), prefix + "/base", "abc1234").orElseThrow().digest());
        assertEquals(app, client.head(registry.address(), prefix + "/app", "abc1234").orElseThrow().digest());
        assertTrue(client.head(registry.address(), prefix + "/app", "stable").isEmpty(), ":tags are the image's own");
    }

    @Test
    void aBadModeIsRefusedNamingTheProperty(@TempDir Path dir) throws Exception {
        write(dir, "contexts/00-base/Dockerfile", "FROM scratch\n");
        write(dir, "contexts/00-base/info.edn", "{:version \"1.0.0\"}\n");
        ReleaseMojo mojo = mojo(dir, "x");
        mojo.release = "later";
        assertTrue(assertThrows(MojoFailureException.class, mojo::execute).getMessage().contains("cip.release=later"));
        mojo.release = "end";
        mojo.releaseFor = "build";
        assertTrue(assertThrows(MojoFailureException.class, mojo::execute).getMessage().contains("cip.releaseFor"));
    }
}
