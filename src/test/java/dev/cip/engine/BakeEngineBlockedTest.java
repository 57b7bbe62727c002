package dev.cip.engine;

import dev.cip.testing.RecordingConsole;

import dev.cip.process.ProcessRunner;
import dev.cip.report.BuildResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BLOCKED in the engine itself: when an image fails, its descendants are BLOCKED (the bake of a child whose parent
 * never got past its failing step is never started) while, with {@code stopOnFirstError=false}, the unaffected rest is
 * built.
 */
class BakeEngineBlockedTest {
    @TempDir
    Path tmp;

    /** A bake that records its targets; one with base fails in base's step, as BuildKit reports it. */
    private FakeDocker failingBase(Path solves) {
        String vertex = "\"digest\":\"sha256:" + "b".repeat(64) + "\",\"name\":\"[base 1/1] RUN false\"";
        return FakeDocker.script(tmp.resolve("bin"), "docker", """
                #!/bin/sh
                targets=""
                seen=no
                for a in "$@"; do
                  if [ "$seen" = yes ]; then targets="$targets $a"; fi
                  if [ "$a" = "--" ]; then seen=yes; fi
                done
                echo "solve:$targets" >> 'SOLVES'
                case "$targets " in *" base "*)
                  printf '{\\n"vertexes":[{VERTEX,"started":"2026-01-01T00:00:00Z","completed":"2026-01-01T00:00:01Z","error":"process \\\\"/bin/sh -c false\\\\" did not complete successfully: exit code: 1"}]\\n}\\n' >&2
                  echo 'ERROR: target base: failed to solve: process "/bin/sh -c false" did not complete successfully' >&2
                  exit 1 ;;
                esac
                exit 0
                """.replace("VERTEX", vertex).replace("SOLVES", solves.toString()));
    }

    private static BakeFile.Target target(Path dir, String name) {
        return new BakeFile.Target(dir.toString(), "Dockerfile", List.of(), Map.of(), Map.of(), Map.of(), List.of(),
                List.of("localhost:5000/" + name + ":1.0"), false, List.of(), List.of(), List.of(), List.of(),
                List.of("type=docker"));
    }

    @Test
    void theDescendantsOfAFailedImageAreBlockedAndLeaveTheSolveWhileTheRestIsSolvedAgain() throws Exception {
        Path solves = tmp.resolve("solves.txt");
        FakeDocker docker = failingBase(solves);
        Map<String, BakeFile.Target> targets = new LinkedHashMap<>();
        Map<String, String> images = new LinkedHashMap<>();
        for (String name : List.of("base", "app", "leaf", "lone")) {
            targets.put(name, target(tmp, name));
            images.put(name, name);
        }
        BakeDefinition definition = new BakeDefinition(new BakeFile(Map.of("default",
                new BakeFile.Group(List.copyOf(targets.keySet()))), targets), images);
        Path bakeFile = tmp.resolve("cip/bake.json");
        definition.file().write(bakeFile);
        RecordingConsole console = new RecordingConsole();
        BakeEngine.Settings settings = new BakeEngine.Settings(docker.executable(), Optional.empty(), List.of(),
                false, 0, Duration.ZERO, tmp.resolve("cip"), false, Duration.ofHours(1));

        BakeEngine.Outcome outcome;
        try (ProcessRunner runner = new ProcessRunner()) {
            outcome = new BakeEngine(settings, runner, console).build(definition, bakeFile,
                    List.of(image("base"), image("app", "base"), image("leaf", "app"), image("lone")));
        }

        Map<String, BuildResult> results = outcome.results();
        String log = String.join("\n", console.lines());
        assertEquals(BuildResult.Status.FAILED, results.get("base").status(), log);
        for (String child : List.of("app", "leaf")) {
            assertEquals(BuildResult.Status.BLOCKED, results.get(child).status(), child + "\n" + log);
            assertEquals(Optional.of("base"), results.get(child).blockedBy(), child);
            assertTrue(results.get(child).start().isEmpty(), child + " never ran");
        }
        assertEquals(BuildResult.Status.DONE, results.get("lone").status(), log);
        // one solve of all four, which base's failure stopped; then lone's own bake; never base's again (its failure
        // is its own), nor a blocked image's
        List<String> baked = Files.readAllLines(solves);
        assertEquals(List.of("solve: base app leaf lone", "solve: lone"), baked);
        assertTrue(console.lines().stream().anyMatch(l -> l.startsWith("ERROR ") && l.contains("app 1.0 BLOCKED (base "
                + "failed)")), log);
        assertFalse(console.lines().stream().anyMatch(l -> l.contains("leaf 1.0 pushed") || l.contains("leaf 1.0 loaded")),
                log);
    }

    /** An image at 1.0 on the local platform, with its in-run parents. */
    private static BakeEngine.Image image(String name, String... parents) {
        return new BakeEngine.Image(name, "1.0", "local platform", Set.of(parents));
    }
}
