package dev.cip.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rawjson demultiplexer on streams captured from {@code docker buildx bake --progress=rawjson} (buildx 0.13.1):
 * {@code base} and {@code child} ({@code FROM base} through {@code target:base}), and {@code bad} whose
 * {@code RUN} fails while the others are cancelled.
 */
class ProgressTest {
    @TempDir
    Path tmp;

    private static final BakeDefinition DEFINITION = new BakeDefinition(new BakeFile(Map.of(), Map.of()),
            Map.of("base", "base", "child", "child", "bad", "bad"));

    private final List<String> started = new ArrayList<>();
    private final List<String> verbose = new ArrayList<>();

    private Progress feed(String resource) throws IOException {
        Progress p = new Progress(DEFINITION, image -> image.equals("child") ? Set.of("base") : Set.of(),
                tmp.resolve("logs"), new Progress.Listener() {
                    @Override
                    public void started(String image) {
                        started.add(image);
                    }

                    @Override
                    public void line(String image, String line) {
                        verbose.add(image + " | " + line);
                    }
                });
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(p::line);
        }
        p.close();
        return p;
    }

    @Test
    void aFailedTargetIsFoundAndTheCancelledOnesAreNot() throws Exception {
        Progress p = feed("rawjson-failure.txt");
        assertEquals(Map.of("bad", "process \"/nope\" did not complete successfully: network bridge not found"),
                p.failures());
        String bad = Files.readString(tmp.resolve("logs/bad.log"));
        assertTrue(bad.contains("[bad 2/2] RUN [\"/nope\"]"), bad);
        assertTrue(bad.contains("ERROR: process \"/nope\" did not complete successfully"), bad);
        assertTrue(p.plainTail().get(p.plainTail().size() - 1).startsWith("ERROR: failed to solve"));
        assertTrue(p.tail("bad").stream().anyMatch(l -> l.contains("ERROR")));
    }

    @Test
    void aPushEndedWithAnotherTargetsErrorIsNotAFailureOfItsImage() throws Exception {
        // seen with bake 0.2x: base's push is cut off by bad's failure and reports bad's error text
        String error = "process \\\"/nope\\\" did not complete successfully: network bridge not found";
        String push = "{\n\"vertexes\":[{\"digest\":\"sha256:" + "e".repeat(64) + "\",\"name\":\"[base] pushing "
                + "localhost:5000/engx/base:1.0__cip-linux-amd64 with docker\",\"started\":\"2026-12-01T10:48:09Z\","
                + "\"completed\":\"2026-12-01T10:48:10Z\",\"error\":\"failed to solve: " + error + "\"}]\n}";
        Path stream = tmp.resolve("stream.txt");
        try (InputStream in = getClass().getResourceAsStream("rawjson-failure.txt")) {
            Files.writeString(stream, new String(in.readAllBytes(), StandardCharsets.UTF_8) + push + "\n");
        }
        Progress p = new Progress(DEFINITION, image -> Set.of(), tmp.resolve("logs2"), new Progress.Listener() {
        });
        Files.readAllLines(stream).forEach(p::line);
        p.close();
        assertEquals(Set.of("bad"), p.failures().keySet());

        // seen in CI: a cancelled export ends with an error of its own
        String writing = "{\n\"vertexes\":[{\"digest\":\"sha256:" + "f".repeat(64) + "\",\"name\":\"[child] exporting "
                + "to image\",\"started\":\"2026-12-01T10:48:09Z\",\"completed\":\"2026-12-01T10:48:10Z\","
                + "\"error\":\"error writing data blob sha256:6bd9: failed to get status: error getting writer status: "
                + "EOF: unknown\"}]\n}";
        Progress q = new Progress(DEFINITION, image -> Set.of(), tmp.resolve("logs3"), new Progress.Listener() {
        });
        (Files.readString(stream) + writing + "\n").lines().forEach(q::line);
        q.close();
        assertEquals(Set.of("bad"), q.failures().keySet());
        assertTrue(Progress.isExportOrPush("[base] pushing localhost:5000/x:1 with docker"));
        assertTrue(Progress.isExportOrPush("[base] exporting to image"));
        assertTrue(!Progress.isExportOrPush("[base 2/2] RUN echo pushing"));
    }

    @Test
    void eachImageGetsItsOwnLinesAndTimes() throws Exception {
        Progress p = feed("rawjson-success.txt");
        assertEquals(Map.of(), p.failures());
        String base = Files.readString(tmp.resolve("logs/base.log"));
        String child = Files.readString(tmp.resolve("logs/child.log"));
        assertTrue(base.contains("[base 1/1] COPY a /a") && !base.contains("[child"), base);
        assertTrue(child.contains("[child stage-1 2/3] COPY --from=other /a /c") && !child.contains("[base"),
                child);
        assertTrue(base.contains("pushing localhost:5000/engx/base:1.0"), base);
        assertTrue(started.containsAll(List.of("base", "child")), started.toString());
        assertTrue(verbose.stream().anyMatch(l -> l.startsWith("child | ") && l.contains("COPY b /b")));
        // BuildKit's clock: base's step (which the child's build names too) is base's, the pushes end each image
        assertEquals(java.time.Instant.parse("2026-12-01T10:47:59.541Z"), p.start("base").get().truncatedTo(
                java.time.temporal.ChronoUnit.MILLIS));
        assertEquals(java.time.Instant.parse("2026-12-01T10:48:00.302Z"), p.end("base").get().truncatedTo(
                java.time.temporal.ChronoUnit.MILLIS));
        assertEquals(java.time.Instant.parse("2026-12-01T10:47:59.478Z"), p.start("child").get().truncatedTo(
                java.time.temporal.ChronoUnit.MILLIS));
        assertEquals(java.time.Instant.parse("2026-12-01T10:48:00.456Z"), p.end("child").get().truncatedTo(
                java.time.temporal.ChronoUnit.MILLIS));
    }

    /**
     * {@code rawjson-child-bake.txt}: {@code docker buildx bake -- node} with {@code base} a {@code target:} context,
     * while base's own bake runs base's 4 s step: node's bake lists base's steps under both names ({@code [base 3/3]}
     * and {@code [node 3/3]}) and waits for them.
     */
    @Test
    void aChildsBakeLogsAnnouncesAndRunsOnlyItsOwnSteps() throws Exception {
        BakeDefinition definition = new BakeDefinition(new BakeFile(Map.of(), Map.of()),
                Map.of("base", "base", "node", "node"));
        StringBuilder fed = new StringBuilder();
        List<String> fedWhenStarted = new ArrayList<>();
        Progress p = new Progress(definition, image -> image.equals("node") ? Set.of("base") : Set.of(),
                tmp.resolve("child"), new Progress.Listener() {
                    @Override
                    public void started(String image) {
                        started.add(image);
                        fedWhenStarted.add(fed.toString());
                    }
                }, java.util.Optional.of("node"), new java.util.concurrent.ConcurrentHashMap<>());
        List<String> runningBeforeItsStep = new ArrayList<>();
        boolean ranOwnStep = false;
        try (InputStream in = getClass().getResourceAsStream("rawjson-child-bake.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                fed.append(line).append('\n');
                p.line(line);
                boolean listed = fed.indexOf("[node 1/2] RUN") >= 0;
                if (p.running("node")) {
                    ranOwnStep = true;
                    if (!listed) {
                        runningBeforeItsStep.add(line);
                    }
                }
            }
        }
        p.close();
        String node = Files.readString(tmp.resolve("child/node.log"));
        assertTrue(node.contains("[node 1/2] RUN --network=none echo node-step") && node.contains(" node-step-"), node);
        assertTrue(node.contains("[node] pushing"), node);
        // base's steps are base's: its own bake logs them
        assertFalse(node.contains("base-step") || node.contains("busybox"), node);
        assertFalse(Files.exists(tmp.resolve("child/base.log")));
        // "building" when node's own step starts, not while it waits for base's
        assertEquals(List.of("node"), started);
        String before = fedWhenStarted.get(0);
        assertTrue(before.contains("echo node-step") && before.lastIndexOf("\"started\"") > before.indexOf("echo node-step"),
                "announced once node's step started");
        assertTrue(ranOwnStep, "node's step ran");
        assertEquals(List.of(), runningBeforeItsStep, "node is not running while only base's steps run");
        assertEquals(Map.of(), p.failures());
    }

    /**
     * In a bake of several targets the child's build may report its parent's step (started) before the parent's build
     * names it: the line is acted on only once both have, so the step is the parent's, in its log and its start.
     */
    @Test
    void aParentStepTheChildsBuildReportsFirstIsTheParentsOnceBothNameIt() throws Exception {
        String digest = "sha256:" + "c".repeat(64);
        String underChild = "{\n\"vertexes\":[{\"digest\":\"" + digest + "\",\"name\":\"[child 2/2] RUN sleep 9\","
                + "\"started\":\"2026-12-01T10:48:09Z\"}]\n}";
        String underBase = underChild.replace("[child 2/2]", "[base 2/2]");
        Progress p = new Progress(DEFINITION, image -> image.equals("child") ? Set.of("base") : Set.of(),
                tmp.resolve("logs"), new Progress.Listener() {
                    @Override
                    public void started(String image) {
                        started.add(image);
                    }
                });
        underChild.lines().forEach(p::line);
        Thread.sleep(Progress.SETTLE.toMillis() / 3);
        underBase.lines().forEach(p::line);
        assertEquals(List.of(), started, "nothing is acted on before the other builds had time to name the step");
        Thread.sleep(Progress.SETTLE.toMillis());
        p.settle();
        assertEquals(List.of("base"), started);
        assertEquals(Set.of("base"), p.startedImages());
        assertTrue(p.buildStepRunning("base") && !p.buildStepRunning("child"));
        p.close();
        assertTrue(Files.readString(tmp.resolve("logs/base.log")).contains("RUN sleep 9"));
        assertFalse(Files.exists(tmp.resolve("logs/child.log")));
    }
}
