package dev.cip.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cip.plan.Fingerprinter;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.testing.Started;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import dev.cip.report.CiOutputs;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports written by the build goals against a real registry: a run that fails before building (cip.strict) still
 * replaces the previous run's report.json and summary.md with its own, and hands them to CI.
 */
class RunReportThroughGoalTest {
    @Started
    private static TestRegistry registry;
    @Started
    private static RegistryClient client;
    private static TestImages.Pushed published;

    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void publish() {
        // app 1.0.0 is published, with a fingerprint the project's context does not have: "changed but not bumped".
        published = TestImages.pushIndex(client, registry.address(), "app", "1.0.0", List.of("linux/amd64"),
                Map.of(Fingerprinter.LABEL, "sha256:published-from-other-content"), false, 32);
    }

    private <T extends AbstractBuildMojo> T prepare(T mojo) throws Exception {
        Files.createDirectories(dir.resolve("contexts/00-app"));
        Files.writeString(dir.resolve("contexts/00-app/Dockerfile"), "FROM scratch\nCOPY a /a\n");
        Files.writeString(dir.resolve("contexts/00-app/a"), "new content\n");
        Files.writeString(dir.resolve("contexts/00-app/info.edn"), "{:version \"1.0.0\"}\n");
        mojo.projectDir = dir.toFile();
        mojo.localRegistry = registry.address();
        mojo.reportDir = dir.resolve("target/cip").toFile();
        mojo.platforms = List.of("linux/amd64");
        mojo.docker = "docker";
        mojo.provenance = "false";
        mojo.retries = 0;
        mojo.pull = false;
        mojo.setLog(new CapturedLog(lines));
        return mojo;
    }

    @Test
    void aStrictFailureReplacesTheStaleReportsWithItsOwn() throws Exception {
        Path reports = dir.resolve("target/cip");
        Files.createDirectories(reports);
        Files.writeString(reports.resolve("report.json"), "{\"goal\":\"publish\",\"registry\":\"stale.example\"}");
        Files.writeString(reports.resolve("summary.md"), "## cip publish → `stale.example`\n");
        Path output = dir.resolve("github-output");
        Path summary = dir.resolve("step-summary.md");

        PublishLocallyMojo mojo = prepare(new PublishLocallyMojo(null));
        mojo.strict = true;
        mojo.environment = Map.of(CiOutputs.GITHUB_OUTPUT, output.toString(), CiOutputs.GITHUB_STEP_SUMMARY,
                summary.toString());
        String message = assertThrows(MojoFailureException.class, mojo::execute).getMessage();
        assertTrue(message.contains("cip.strict"), message);

        JsonNode report = json.readTree(reports.resolve("report.json").toFile());
        assertEquals(1, report.get("schemaVersion").asInt());
        assertEquals("publish-locally", report.get("goal").asText());
        assertEquals(registry.address(), report.get("registry").asText());
        assertEquals("FAILED", report.get("status").asText());
        assertTrue(report.get("error").asText().contains("cip.strict"), report.toString());
        JsonNode app = report.get("images").get(0);
        assertEquals("SKIP", app.get("decision").asText());
        assertEquals(registry.address() + "/app:1.0.0@" + published.digest(), app.get("reference").asText());
        String md = Files.readString(reports.resolve("summary.md"));
        assertFalse(md.contains("stale.example"), md);
        assertTrue(md.contains("**FAILED**"), md);

        assertTrue(Files.readString(output).contains("status=FAILED"), Files.readString(output));
        assertTrue(Files.readString(summary).contains("**FAILED**"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ERROR cip publish-locally FAILED: 0 built, 1 skipped, "
                + "0 released, 0 failed, 0 blocked, in ")), lines.toString());
    }

    @Test
    void aPlanWritesAPlannedReportWithTheDigestItSaw() throws Exception {
        PlanMojo mojo = prepare(new PlanMojo(null));
        mojo.planFor = "publish-locally";
        mojo.environment = Map.of();
        mojo.execute();
        JsonNode report = json.readTree(dir.resolve("target/cip/report.json").toFile());
        assertEquals("PLANNED", report.get("status").asText());
        assertEquals(registry.address() + "/app:1.0.0@" + published.digest(),
                report.get("images").get(0).get("reference").asText());
        assertTrue(Files.readString(dir.resolve("target/cip/" + CiOutputs.DOTENV)).contains("CIP_STATUS=PLANNED"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO cip plan (for publish-locally) PLANNED: 1 planned: 0 to "
                + "build, 1 skipped, 0 blocked, in ")), lines.toString());
    }

    /** report.json holds where the time went, span by span, and -Dcip.verbose prints it as one block. */
    @Test
    void theReportHasTheTraceOfTheRunAndVerbosePrintsIt() throws Exception {
        PlanMojo mojo = prepare(new PlanMojo(null));
        mojo.planFor = "publish-locally";
        mojo.environment = Map.of();
        mojo.verbose = true;
        mojo.execute();
        JsonNode report = json.readTree(dir.resolve("target/cip/report.json").toFile());
        List<String> names = new ArrayList<>();
        long lastStart = 0;
        for (JsonNode span : report.get("trace")) {
            names.add(span.get("name").asText());
            long start = span.get("startMillis").asLong();
            assertTrue(span.get("durationMillis").asLong() >= 0, span.toString());
            if (!span.get("name").asText().equals("total")) {
                assertTrue(start >= lastStart, "out of order: " + report.get("trace"));
                lastStart = start;
            }
        }
        assertEquals(List.of("setup", "scan", "plan", "plan reports", "verify signatures", "reports", "ci outputs",
                "total"), names);
        JsonNode total = report.get("trace").get(names.size() - 1);
        assertEquals(0, total.get("startMillis").asLong());
        for (JsonNode span : report.get("trace")) {
            assertTrue(span.get("startMillis").asLong() + span.get("durationMillis").asLong()
                    <= total.get("durationMillis").asLong() + 2, report.get("trace").toString());
        }
        int block = lines.indexOf("INFO Trace (ms since the goal started):");
        assertTrue(block >= 0, lines.toString());
        assertTrue(lines.get(block + 2).matches("INFO {3}scan +\\d+ \\+ *\\d+ ms"), lines.get(block + 2));
        assertTrue(lines.get(block + names.size()).startsWith("INFO   total "), lines.toString());

        lines.clear();
        PlanMojo quiet = prepare(new PlanMojo(null));
        quiet.planFor = "publish-locally";
        quiet.environment = Map.of();
        quiet.execute();
        assertFalse(lines.stream().anyMatch(l -> l.contains("Trace")), lines.toString());
        assertTrue(json.readTree(dir.resolve("target/cip/report.json").toFile()).get("trace").size() > 0);
    }

    /** A symbolic link in place of cip.env or logs/, pointing outside: refused, naming it; nothing outside changes. */
    @Test
    void aSymlinkInTheReportDirectoryIsRefusedAndWhatItPointsAtIsLeftAlone() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("target/cip"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path precious = Files.writeString(outside.resolve("precious"), "precious\n");
        Path precious2 = Files.writeString(outside.resolve("app.log"), "keep me\n");
        for (String name : List.of(CiOutputs.DOTENV, "logs", "report.json")) {
            Path link = Files.createSymbolicLink(reports.resolve(name), name.equals("logs") ? outside : precious);
            PlanMojo mojo = prepare(new PlanMojo(null));
            mojo.planFor = "publish-locally";
            mojo.environment = Map.of();
            String message = assertThrows(MojoFailureException.class, mojo::execute).getMessage();
            assertTrue(message.contains(link + ": is a symbolic link"), message);
            assertEquals("precious\n", Files.readString(precious));
            assertEquals("keep me\n", Files.readString(precious2));
            assertEquals(List.of("app.log", "precious"), Files.list(outside).map(p -> p.getFileName().toString())
                    .sorted().toList());
            assertTrue(Files.isSymbolicLink(link));
            Files.delete(link);
        }
    }

    /** A hard link in place of cip.env (another name of a file elsewhere): replaced, the other file intact. */
    @Test
    void aHardLinkedDotenvIsReplacedNotWrittenThrough() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("target/cip"));
        Path precious = Files.writeString(Files.createDirectories(dir.resolve("outside")).resolve("precious"),
                "precious\n");
        Files.createLink(reports.resolve(CiOutputs.DOTENV), precious);
        PlanMojo mojo = prepare(new PlanMojo(null));
        mojo.planFor = "publish-locally";
        mojo.environment = Map.of();
        mojo.execute();
        assertTrue(Files.readString(reports.resolve(CiOutputs.DOTENV)).contains("CIP_STATUS=PLANNED"));
        assertEquals("precious\n", Files.readString(precious));
    }

    /** An extra tag with an escape sequence and a newline is refused with file and line; none of it reaches a report. */
    @Test
    void aTagWithControlCharactersIsRefusedAndNeverReachesTheLogOrTheReport() throws Exception {
        PlanMojo mojo = prepare(new PlanMojo(null));
        Path info = dir.resolve("contexts/00-app/info.edn");
        Files.writeString(info, "{:version \"1.0.0\"\n :tags [\"\\u001b[31mRED\\n[ERROR] fake\"]}\n");
        mojo.planFor = "publish-locally";
        mojo.environment = Map.of();
        String message = assertThrows(MojoFailureException.class, mojo::execute).getMessage();
        assertTrue(message.contains(info + ":2: :tags: \"RED [ERROR] fake\" is not a valid image tag"),
                message);
        String report = Files.readString(dir.resolve("target/cip/report.json"));
        assertTrue(report.contains(":tags: "), report);
        for (String text : List.of(message, report.replace("\n", " "), String.join(" ", lines))) {
            assertTrue(text.chars().noneMatch(c -> c == 0x1b || c == '\r' || c < 0x20 && c != '\n'),
                    () -> "a control character in " + text);
        }
        assertFalse(message.contains("\n[ERROR] fake"), message);
    }

    @Test
    void oneRunOneReportDirectoryEveryFileOfTheRunBeforeIsGone() throws Exception {
        PlanMojo first = prepare(new PlanMojo(null));
        first.planFor = "publish-locally";
        first.environment = Map.of();
        first.execute();
        Path reports = dir.resolve("target/cip");
        java.util.Set<String> ofOneRun = listing(reports);
        assertTrue(ofOneRun.containsAll(List.of("plan.json", "report.json", "summary.md", CiOutputs.DOTENV)),
                ofOneRun.toString());
        // what runs of the other goals leave: a shard's stage.json, the metadata of a second solve, a cascade's
        // dry-run diff, the bake definition, the log of an image this run does not build; and a file of the user's
        for (String left : List.of("stage.json", "bake-metadata.json", "bake-metadata-2.json", "cascade.diff",
                "bake.json", "logs/gone.log")) {
            Files.createDirectories(reports.resolve(left).getParent());
            Files.writeString(reports.resolve(left), "{}");
        }
        Files.writeString(reports.resolve("notes.txt"), "mine");

        PlanMojo second = prepare(new PlanMojo(null));
        second.planFor = "publish-locally";
        second.environment = Map.of();
        second.execute();
        java.util.Set<String> expected = new java.util.TreeSet<>(ofOneRun);
        expected.add("notes.txt");
        assertEquals(expected, listing(reports), "only this run's files, and the user's own");
    }

    private static java.util.Set<String> listing(Path root) throws java.io.IOException {
        try (java.util.stream.Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString())
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    @Test
    void aPlanWithABlockedImageSaysLoudlyThatTheGoalWouldFail() throws Exception {
        PlanMojo mojo = prepare(new PlanMojo(null));
        // tool needs app 0.9.0, which is not in the registry and not the version being built
        Files.createDirectories(dir.resolve("contexts/01-tool"));
        Files.writeString(dir.resolve("contexts/01-tool/Dockerfile"), "ARG REGISTRY\nFROM ${REGISTRY}/app:0.9.0\n");
        Files.writeString(dir.resolve("contexts/01-tool/info.edn"), "{:version \"1.0.0\"}\n");
        mojo.planFor = "publish-locally";
        mojo.environment = Map.of();
        mojo.execute();
        String error = lines.stream().filter(l -> l.startsWith("ERROR cip plan: 1 of 2 images BLOCKED, so mvn"
                + " cip:publish-locally would fail:")).findFirst().orElseThrow(() -> new AssertionError(lines));
        assertTrue(error.contains("\n  - tool 1.0.0: needs app 0.9.0"), error);
    }
}
