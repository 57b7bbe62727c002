package dev.cip.report;

import dev.cip.oci.Platform;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cip.graph.ImageGraph;
import dev.cip.plan.Decision;
import dev.cip.plan.Goal;
import dev.cip.plan.ImagePlan;
import dev.cip.plan.Plan;
import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportsTest {
    private static final String REG = "localhost:5000";
    private static final List<String> BOTH = List.of("linux/amd64", "linux/arm64");
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path tmp;

    private final ObjectMapper json = new ObjectMapper();

    /** base <- left, right <- top; lone. */
    private ImageGraph graph() {
        return ProjectFixture.in(tmp.resolve("project"))
                .image("00-base", "1.0.0")
                .image("00-lone", "7")
                .image("01-left", "1.1.0", "base:1.0.0")
                .image("01-right", "1.2.0", "base:1.0.0")
                .image("02-top", "2.0.0", "left:1.1.0", "right:1.2.0")
                .graph(REG);
    }

    private static ImagePlan image(ImageGraph g, String name, Decision d, List<String> platforms) {
        return new ImagePlan(name, g.node(name).version(), d, Platform.parseAll(platforms), g.parents(name),
                Optional.empty());
    }

    private Plan plan(ImageGraph g) {
        return new Plan(Goal.PUBLISH, REG, "registry " + REG, List.of(
                image(g, "base", new Decision.Build("new version 1.0.0"), BOTH),
                image(g, "lone", new Decision.Skip("already published with all platforms"), BOTH),
                image(g, "left", new Decision.Build("missing platforms linux/arm64"), BOTH),
                image(g, "right", new Decision.Build("new version 1.2.0"), List.of("linux/amd64")),
                new ImagePlan("top", "2.0.0", new Decision.Blocked("parent x | y is blocked"), Platform.parseAll(BOTH),
                        g.parents("top"), Optional.of("sha256:fp"))),
                List.of("some warning | with a pipe"));
    }

    private Map<String, BuildResult> results() {
        Path logs = tmp.resolve("cip/logs");
        Map<String, BuildResult> r = new LinkedHashMap<>();
        r.put("base", BuildResult.builder("base", "1.0.0", BuildResult.Status.DONE, logs.resolve("base.log"))
                .attempts(2).exitCode(0).digest("sha256:abc").ran(T0, T0.plusMillis(41_500)).build());
        r.put("left", BuildResult.builder("left", "1.1.0", BuildResult.Status.FAILED, logs.resolve("left.log"))
                .attempts(1).exitCode(1).ran(T0.plusSeconds(42), T0.plusSeconds(50))
                .failure(List.of("boom"), Optional.empty()).build());
        r.put("right", BuildResult.builder("right", "1.2.0", BuildResult.Status.NOT_STARTED,
                logs.resolve("right.log")).build());
        r.put("top", BuildResult.builder("top", "2.0.0", BuildResult.Status.BLOCKED, logs.resolve("top.log"))
                .blockedBy("left").build());
        return r;
    }

    private JsonNode byName(JsonNode images, String name) {
        for (JsonNode n : images) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no " + name + " in " + images);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void planJsonHoldsEveryDecision() throws Exception {
        ImageGraph g = graph();
        Path dir = tmp.resolve("cip");
        new RunReport().writePlan(dir, plan(g), g);
        JsonNode root = json.readTree(dir.resolve("plan.json").toFile());
        assertEquals("publish", root.get("goal").asText());
        assertEquals(REG, root.get("registry").asText());
        assertEquals("registry " + REG, root.get("store").asText());
        JsonNode images = root.get("images");
        assertEquals(List.of("base", "lone", "left", "right", "top"),
                texts(json.valueToTree(images.findValues("name"))));
        JsonNode left = byName(images, "left");
        assertEquals("1.1.0", left.get("version").asText());
        assertEquals("BUILD", left.get("decision").asText());
        assertEquals("missing platforms linux/arm64", left.get("reason").asText());
        assertEquals(BOTH, texts(left.get("platforms")));
        assertEquals(List.of("base"), texts(left.get("parents")));
        assertEquals("SKIP", byName(images, "lone").get("decision").asText());
        JsonNode top = byName(images, "top");
        assertEquals("BLOCKED", top.get("decision").asText());
        assertEquals(List.of("left", "right"), texts(top.get("parents")));
        assertEquals("sha256:fp", top.get("fingerprint").asText());
        assertFalse(left.has("fingerprint"));
        assertEquals(List.of("some warning | with a pipe"), texts(root.get("warnings")));
        assertTrue(Files.exists(dir.resolve("graph.dot")) && Files.exists(dir.resolve("graph.mmd")));
        try (var files = Files.list(dir)) {
            assertEquals(Set.of("plan.json", "graph.dot", "graph.mmd"),
                    Set.copyOf(files.map(p -> p.getFileName().toString()).toList()), "no temporary files left");
        }
    }

    @Test
    void reportJsonHoldsWhatEachImageDid() throws Exception {
        ImageGraph g = graph();
        Path dir = tmp.resolve("cip");
        new RunReport().writeRun(dir, plan(g), results());
        JsonNode images = json.readTree(dir.resolve("report.json").toFile()).get("images");
        assertEquals(5, images.size());

        JsonNode base = byName(images, "base");
        assertEquals("1.0.0", base.get("version").asText());
        assertEquals("DONE", base.get("decision").asText());
        assertEquals("BUILD", base.get("planned").asText());
        assertEquals("new version 1.0.0", base.get("reason").asText());
        assertEquals(BOTH, texts(base.get("platforms")));
        assertEquals("sha256:abc", base.get("digest").asText());
        assertEquals(T0, Instant.parse(base.get("start").asText()));
        assertEquals(T0.plusMillis(41_500), Instant.parse(base.get("end").asText()));
        assertEquals(41_500, base.get("durationMillis").asLong());
        assertEquals(2, base.get("attempts").asInt());
        assertEquals(0, base.get("exitCode").asInt());
        assertEquals(tmp.resolve("cip/logs/base.log").toString(), base.get("log").asText());

        JsonNode left = byName(images, "left");
        assertEquals("FAILED", left.get("decision").asText());
        assertEquals(1, left.get("exitCode").asInt());
        assertFalse(left.has("digest"));

        JsonNode top = byName(images, "top");
        assertEquals("BLOCKED", top.get("decision").asText());
        assertEquals("parent left failed", top.get("reason").asText());
        assertFalse(top.has("start") || top.has("end") || top.has("durationMillis"));
        assertEquals(0, top.get("attempts").asInt());

        assertEquals("NOT_STARTED", byName(images, "right").get("decision").asText());
        JsonNode lone = byName(images, "lone");
        assertEquals("SKIP", lone.get("decision").asText());
        assertEquals("already published with all platforms", lone.get("reason").asText());
        assertFalse(lone.has("attempts") || lone.has("log") || lone.has("digest"));
    }

    @Test
    void reportJsonHasSchemaStatusTotalsAndFullReferencesForBuiltAndSkippedImages() throws Exception {
        ImageGraph g = graph();
        Path dir = tmp.resolve("cip");
        Plan seen = new Plan(Goal.PUBLISH, REG, "registry " + REG, List.of(
                image(g, "base", new Decision.Build("new version 1.0.0"), BOTH),
                new ImagePlan("lone", "7", new Decision.Skip("already published with all platforms"),
                        Platform.parseAll(BOTH), Set.of(), Optional.empty(), Optional.of("sha256:seen"))),
                List.of());
        Map<String, BuildResult> results = new LinkedHashMap<>();
        results.put("base", results().get("base"));
        new RunReport().writeRun(dir, seen, results, Set.of("base"));
        ReportFile report = new RunReport().read(dir);
        assertEquals(ReportFile.SCHEMA_VERSION, report.schemaVersion());
        assertEquals(ReportFile.Status.SUCCEEDED, report.status());
        assertEquals(new ReportFile.Totals(2, 1, 1, 1, 0, 0, 0, 1), report.totals());
        assertEquals("localhost:5000/base:1.0.0@sha256:abc", report.images().get(0).reference());
        assertEquals("localhost:5000/lone:7@sha256:seen", report.images().get(1).reference());
        assertEquals("sha256:seen", report.images().get(1).digest());
        JsonNode root = json.readTree(dir.resolve("report.json").toFile());
        assertEquals(1, root.get("schemaVersion").asInt());
        assertEquals("SUCCEEDED", root.get("status").asText());
        assertEquals(1, root.get("totals").get("built").asInt());
        assertTrue(report.oneLine(java.time.Duration.ofMillis(12_340)).matches(
                "cip publish SUCCEEDED: 1 built, 1 skipped, 1 released, 0 failed, 0 blocked, in 12\\.3 s"),
                report.oneLine(java.time.Duration.ofMillis(12_340)));

        new RunReport().writeRun(dir, plan(g), results());
        ReportFile failed = new RunReport().read(dir);
        assertEquals(ReportFile.Status.FAILED, failed.status());
        assertEquals(new ReportFile.Totals(5, 1, 1, 0, 1, 1, 1, 3), failed.totals());
        assertEquals("localhost:5000/left:1.1.0", failed.images().get(2).reference(), "no digest, no @");
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("report.json"))));
    }

    @Test
    void aRunThatStopsBeforeBuildingReplacesTheReportsOfTheRunBefore() throws Exception {
        ImageGraph g = graph();
        Path dir = tmp.resolve("cip");
        new RunReport().writeRun(dir, plan(g), results()); // an earlier run, against another registry
        RunReport.clear(dir);
        for (String f : RunReport.FILES) {
            assertFalse(Files.exists(dir.resolve(f)), f);
        }
        Plan plan = new Plan(Goal.PUBLISH_LOCALLY, "127.0.0.1:5999", "registry 127.0.0.1:5999", List.of(
                new ImagePlan("lone", "7", new Decision.Skip("already in registry"), List.of(), Set.of(),
                        Optional.of("sha256:fp"), Optional.of("sha256:seen")),
                image(g, "base", new Decision.Build("new version 1.0.0"), List.of())), List.of("changed"));
        new RunReport().writePlan(dir, plan, g);
        new RunReport().writeFailed(dir, Goal.PUBLISH_LOCALLY, "127.0.0.1:5999", Optional.of(plan),
                "strict: lone changed");
        ReportFile report = new RunReport().read(dir);
        assertEquals(ReportFile.Status.FAILED, report.status());
        assertEquals("publish-locally", report.goal());
        assertEquals("strict: lone changed", report.error());
        assertEquals(List.of("127.0.0.1:5999/lone:7@sha256:seen", "127.0.0.1:5999/base:1.0.0"),
                report.images().stream().map(ReportFile.Image::reference).toList());
        assertEquals(List.of("SKIP", "NOT_STARTED"), report.images().stream().map(ReportFile.Image::decision)
                .toList());
        assertEquals(List.of("changed"), report.warnings());
        String md = Files.readString(dir.resolve("summary.md"));
        assertTrue(md.startsWith("## cip publish-locally → `127.0.0.1:5999`") && md.contains("**FAILED**")
                && md.contains("strict: lone changed") && !md.contains("localhost:5000"), md);

        // Stopped before even planning: still its own report, with no images.
        RunReport.clear(dir);
        new RunReport().writeFailed(dir, Goal.PUBLISH, "registry.example.com", Optional.empty(), "unreachable");
        assertEquals(List.of(), new RunReport().read(dir).images());
    }

    @Test
    void ciOutputsGoToTheFilesTheEnvironmentNames() throws Exception {
        ImageGraph g = graph();
        Path dir = tmp.resolve("cip");
        Plan seen = new Plan(Goal.PUBLISH, REG, "registry " + REG, List.of(
                image(g, "base", new Decision.Build("new version 1.0.0"), BOTH),
                new ImagePlan("lone", "7", new Decision.Skip("already published with all platforms"),
                        Platform.parseAll(BOTH), Set.of(), Optional.empty(), Optional.of("sha256:seen"))),
                List.of());
        Map<String, BuildResult> results = new LinkedHashMap<>();
        results.put("base", results().get("base"));
        new RunReport().writeRun(dir, seen, results);
        Path summary = tmp.resolve("step-summary.md");
        Path output = tmp.resolve("github-output");
        Files.writeString(summary, "earlier step\n");
        Files.writeString(output, "earlier=1\n");
        CiOutputs.write(dir, new RunReport().read(dir), Map.of(CiOutputs.GITHUB_STEP_SUMMARY, summary.toString(),
                CiOutputs.GITHUB_OUTPUT, output.toString()));

        String md = Files.readString(summary);
        assertTrue(md.startsWith("earlier step\n## cip publish"), md);
        assertTrue(md.contains("| base | 1.0.0 | DONE |"), md);

        Map<String, String> outputs = parseGithubOutput(Files.readString(output));
        assertEquals("1", outputs.get("earlier"));
        assertEquals("SUCCEEDED", outputs.get("status"));
        assertEquals("localhost:5000/base:1.0.0@sha256:abc", outputs.get("built"));
        JsonNode digests = json.readTree(outputs.get("digests"));
        assertEquals("localhost:5000/base:1.0.0@sha256:abc", digests.get("base").asText());
        assertEquals("localhost:5000/lone:7@sha256:seen", digests.get("lone").asText());
        assertEquals(dir.resolve("report.json").toAbsolutePath().toString(), outputs.get("report"));

        List<String> dotenv = Files.readAllLines(dir.resolve(CiOutputs.DOTENV));
        assertTrue(dotenv.contains("CIP_STATUS=SUCCEEDED"), dotenv.toString());
        assertTrue(dotenv.contains("CIP_IMAGES=2"), dotenv.toString());
        assertTrue(dotenv.contains("CIP_BUILT=1"), dotenv.toString());
        assertTrue(dotenv.stream().anyMatch(l -> l.startsWith("CIP_REPORT=") && l.endsWith("report.json")),
                dotenv.toString());

        // No GitHub variables: only the dotenv file.
        Files.delete(dir.resolve(CiOutputs.DOTENV));
        assertEquals(List.of(dir.resolve(CiOutputs.DOTENV)), CiOutputs.write(dir, new RunReport().read(dir),
                Map.of()));
    }

    /** Reads GitHub's output file format: {@code name=value} or {@code name<<DELIM ... DELIM}. */
    private static Map<String, String> parseGithubOutput(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines = List.of(text.split("\n", -1));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int heredoc = line.indexOf("<<");
            int eq = line.indexOf('=');
            if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
                String name = line.substring(0, heredoc);
                String delimiter = line.substring(heredoc + 2);
                List<String> value = new ArrayList<>();
                for (i++; !lines.get(i).equals(delimiter); i++) {
                    value.add(lines.get(i));
                }
                out.put(name, String.join("\n", value));
            } else if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    @Test
    void summaryMarkdownHasOneRowPerImage() throws Exception {
        ImageGraph g = graph();
        Path dir = tmp.resolve("cip");
        new RunReport().writeRun(dir, plan(g), results());
        List<String> lines = Files.readAllLines(dir.resolve("summary.md"));
        assertEquals("## cip publish → `localhost:5000`", lines.get(0));
        int header = lines.indexOf("| Image | Version | Result | Reason | Platforms | Digest | Duration |");
        assertTrue(header > 0, lines.toString());
        assertEquals("|---|---|---|---|---|---|---|", lines.get(header + 1));
        List<String> rows = lines.subList(header + 2, header + 7);
        assertEquals(List.of(
                "| base | 1.0.0 | DONE | new version 1.0.0 | linux/amd64,linux/arm64 | sha256:abc | 41.5 s |",
                "| lone | 7 | SKIP | already published with all platforms | linux/amd64,linux/arm64 |  |  |",
                "| left | 1.1.0 | FAILED | missing platforms linux/arm64 | linux/amd64,linux/arm64 |  | 8.0 s |",
                "| right | 1.2.0 | NOT_STARTED | new version 1.2.0 | linux/amd64 |  |  |",
                "| top | 2.0.0 | BLOCKED | parent left failed | linux/amd64,linux/arm64 |  |  |"), rows);
        String text = String.join("\n", lines);
        assertTrue(text.contains("- some warning \\| with a pipe"), text);
    }

    @Test
    void summaryEscapesPipesInReasons() throws Exception {
        ImageGraph g = graph();
        Path dir = tmp.resolve("cip");
        new RunReport().writeRun(dir, plan(g), Map.of()); // nothing ran: the plan's decisions
        List<String> lines = Files.readAllLines(dir.resolve("summary.md"));
        String top = lines.stream().filter(l -> l.startsWith("| top ")).findFirst().orElseThrow();
        assertEquals("| top | 2.0.0 | BLOCKED | parent x \\| y is blocked | linux/amd64,linux/arm64 |  |  |", top);
        assertEquals(9, top.split("(?<!\\\\)\\|", -1).length, "seven cells between eight pipes");
    }

    @Test
    void planTableAlignsColumns() {
        ImageGraph g = graph();
        Plan p = new Plan(Goal.PUBLISH_LOCALLY, REG, "registry " + REG, List.of(
                image(g, "base", new Decision.Skip("already in registry localhost:5000"), List.of()),
                image(g, "left", new Decision.Build("new version 1.1.0"), BOTH)), List.of());
        List<String> lines = PlanTable.render(p);
        assertEquals(List.of(
                "IMAGE  VERSION  DECISION  REASON                              PLATFORMS",
                "base   1.0.0    SKIP      already in registry localhost:5000  local",
                "left   1.1.0    BUILD     new version 1.1.0                   linux/amd64,linux/arm64"), lines);
    }

    @Test
    void aLongReasonIsCutInTheTableAndWholeInPlanJson() throws Exception {
        ImageGraph g = graph();
        String reason = "needs base 1.9.0, which is neither in registry 127.0.0.1:5000/a-long/namespace nor being"
                + " built (base is at 2.0.0; run mvn cip:cascade)";
        Plan p = new Plan(Goal.PUBLISH_LOCALLY, REG, "registry " + REG, List.of(
                image(g, "left", new Decision.Blocked(reason), List.of())), List.of());
        String row = PlanTable.render(p).get(1);
        assertTrue(row.contains(reason.substring(0, PlanTable.REASON_WIDTH - 1) + "…")
                && !row.contains(reason), row);
        assertTrue(row.length() < 100, row);
        Path dir = tmp.resolve("cip");
        new RunReport().writePlan(dir, p, g);
        assertTrue(Files.readString(dir.resolve("plan.json")).contains(reason), "the whole reason in plan.json");
    }

    private static Set<String> edges(Pattern edge, String text) {
        Set<String> out = new java.util.TreeSet<>();
        Matcher m = edge.matcher(text);
        while (m.find()) {
            out.add(m.group(1) + "->" + m.group(2));
        }
        return out;
    }

    @Test
    void dotHasEveryEdgeFromParentToChildAndTheDecisions() {
        ImageGraph g = graph();
        String dot = GraphRenderer.dot(g, Optional.of(plan(g)));
        assertTrue(dot.startsWith("digraph images {") && dot.strip().endsWith("}"), dot);
        assertEquals(Set.of("base->left", "base->right", "left->top", "right->top"),
                edges(Pattern.compile("\"([^\"]+)\" -> \"([^\"]+)\";"), dot));
        assertTrue(dot.contains("\"left\" [label=\"left\\n1.1.0\\nBUILD\"];"), dot);
        assertTrue(dot.contains("\"lone\" [label=\"lone\\n7\\nSKIP\"];"), dot);
        String noPlan = GraphRenderer.dot(g, Optional.empty());
        assertTrue(noPlan.contains("\"left\" [label=\"left\\n1.1.0\"];"), noPlan);
    }

    @Test
    void mermaidHasEveryEdgeFromParentToChildAndTheDecisions() {
        ImageGraph g = graph();
        String mmd = GraphRenderer.mermaid(g, Optional.of(plan(g)));
        assertTrue(mmd.startsWith("graph LR\n"), mmd);
        Map<String, String> ids = new LinkedHashMap<>();
        Matcher node = Pattern.compile("(?m)^  (\\S+)\\[\"(\\S+) (\\S+)(?: \\((\\w+)\\))?\"]$").matcher(mmd);
        while (node.find()) {
            ids.put(node.group(1), node.group(2));
        }
        assertEquals(Set.of("base", "lone", "left", "right", "top"), Set.copyOf(ids.values()), mmd);
        Set<String> edges = new java.util.TreeSet<>();
        Matcher m = Pattern.compile("(?m)^  (\\S+) --> (\\S+)$").matcher(mmd);
        while (m.find()) {
            edges.add(ids.get(m.group(1)) + "->" + ids.get(m.group(2)));
        }
        assertEquals(Set.of("base->left", "base->right", "left->top", "right->top"), edges, mmd);
        assertTrue(mmd.contains("[\"top 2.0.0 (BLOCKED)\"]"), mmd);
    }

    @Test
    void mermaidIdsOfDistinctNamesNeverCollide() {
        // Image names may hold '.', '_', '__' and '-': each must keep its own node.
        ImageGraph g = ProjectFixture.in(tmp.resolve("p2"))
                .image("00-a-b", "1")
                .image("00-a_b", "1")
                .image("00-a.b", "1")
                .image("00-a__b", "1")
                .image("01-c", "1", "a-b:1")
                .graph(REG);
        String mmd = GraphRenderer.mermaid(g, Optional.empty());
        List<String> ids = new ArrayList<>();
        Matcher node = Pattern.compile("(?m)^  (\\S+)\\[").matcher(mmd);
        while (node.find()) {
            ids.add(node.group(1));
        }
        assertEquals(5, ids.size(), mmd);
        assertEquals(5, Set.copyOf(ids).size(), "ids collide: " + mmd);
        ids.forEach(id -> assertTrue(id.matches("[A-Za-z0-9_]+"), id));
        assertNotEquals(-1, mmd.indexOf("\"a-b 1\""));
    }
}
