package dev.cip.engine;

import dev.cip.process.ProcessRunner;
import dev.cip.report.BuildResult;
import dev.cip.report.Console;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BakeEngineTest {
    @TempDir
    Path tmp;

    /** One console, as the Mojo log: every line, and the threads that wrote the "still building" ones. */
    private static final class RecordingConsole implements Console {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final Set<Thread> tickerThreads = ConcurrentHashMap.newKeySet();

        @Override
        public void info(String line) {
            if (line.startsWith("still building")) {
                tickerThreads.add(Thread.currentThread());
            }
            lines.add(line);
        }

        @Override
        public void warn(String line) {
            lines.add("WARN " + line);
        }

        List<String> stillBuilding() {
            synchronized (lines) {
                return lines.stream().filter(l -> l.startsWith("still building")).toList();
            }
        }
    }

    /**
     * A bake of one target, {@code app}, that starts a step, works for a second, and finishes: rawjson on stderr as
     * buildx writes it (one JSON object over several lines).
     */
    private FakeDocker slowBake() {
        String vertex = "\"digest\":\"sha256:" + "a".repeat(64) + "\",\"name\":\"[app 1/1] RUN sleep 1\"";
        return FakeDocker.script(tmp.resolve("bin"), "docker", """
                #!/bin/sh
                now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
                started=$(now)
                printf '{\\n"vertexes":[{VERTEX,"started":"%s"}]\\n}\\n' "$started" >&2
                sleep 1
                printf '{\\n"vertexes":[{VERTEX,"started":"%s","completed":"%s"}]\\n}\\n' "$started" "$(now)" >&2
                exit 0
                """.replace("VERTEX", vertex));
    }

    @Test
    void aLineNamesTheImageStillBuildingAndForHowLongAndTheTickerEndsWithTheBuild() throws Exception {
        FakeDocker docker = slowBake();
        BakeFile.Target app = new BakeFile.Target(tmp.toString(), "Dockerfile", List.of(), Map.of(), Map.of(),
                Map.of(), List.of(), List.of("localhost:5000/app:1.0"), false, List.of(), List.of(), List.of(), List.of(),
                List.of("type=docker"));
        BakeDefinition definition = new BakeDefinition(
                new BakeFile(Map.of("default", new BakeFile.Group(List.of("app"))), Map.of("app", app)),
                Map.of("app", "app"));
        Path bakeFile = tmp.resolve("cip/bake.json");
        definition.file().write(bakeFile);
        RecordingConsole console = new RecordingConsole();
        BakeEngine.Settings settings = new BakeEngine.Settings(docker.executable(), Optional.empty(), List.of(),
                true, 0, Duration.ZERO, tmp.resolve("cip"), false, Duration.ofMillis(200));

        long t0 = System.nanoTime();
        BakeEngine.Outcome outcome;
        try (ProcessRunner runner = new ProcessRunner()) {
            outcome = new BakeEngine(settings, runner, console).build(definition, bakeFile,
                    List.of(new BakeEngine.Image("app", "1.0", "linux/amd64", Set.of())));
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;

        assertEquals(BuildResult.Status.DONE, outcome.results().get("app").status(), String.join("\n", console.lines));
        List<String> ticks = console.stillBuilding();
        assertFalse(ticks.isEmpty(), "a line every 200 ms while app builds for 1 s: " + console.lines);
        Pattern shape = Pattern.compile("still building: app \\(([0-9]+\\.[0-9]) s\\)");
        double longest = 0;
        double previous = 0;
        for (String tick : ticks) {
            Matcher m = shape.matcher(tick);
            assertTrue(m.matches(), tick);
            double seconds = Double.parseDouble(m.group(1));
            assertTrue(seconds >= previous, "the time only grows: " + ticks);
            previous = seconds;
            longest = Math.max(longest, seconds);
        }
        // app builds for at least the script's second, and a line comes every 200 ms of it
        assertTrue(longest >= 0.5 && longest <= elapsed, "longest " + longest + " s of " + elapsed + " s: " + ticks);
        assertTrue(console.lines.indexOf(ticks.get(ticks.size() - 1))
                < console.lines.indexOf(console.lines.stream().filter(l -> l.contains("app 1.0 loaded in"))
                        .findFirst().orElseThrow()), "no line after app is done: " + console.lines);

        assertEquals(List.of(), console.tickerThreads.stream().filter(Thread::isAlive).toList(),
                "the ticker thread ends when build returns");
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("cip-still-building") && t.isAlive()));
        int before = console.stillBuilding().size();
        Thread.sleep(500);
        assertEquals(before, console.stillBuilding().size(), "no line once build has returned");
    }

    /**
     * Three images: the bake of all of them fails 2 s in, on {@code bad}'s step, while {@code slow}'s step runs (for
     * 2 s) and {@code later} (on slow) waits for it; the bakes after it build one image each. The script records each
     * bake by its targets.
     */
    private BakeEngine.Outcome failureNextToSlowWork(boolean stopOnFirstError, RecordingConsole console)
            throws Exception {
        Path bakes = tmp.resolve("bakes.txt");
        FakeDocker docker = FakeDocker.script(tmp.resolve("bin"), "docker", """
                #!/bin/sh
                targets=""; seen=no
                for a in "$@"; do
                  if [ "$seen" = yes ]; then targets="$targets $a"; fi
                  if [ "$a" = "--" ]; then seen=yes; fi
                done
                echo "bake$targets" >> BAKES
                now() { date -u +%Y-%m-%dT%H:%M:%S.%NZ; }
                step() { printf '{\\n"vertexes":[{"digest":"sha256:%s","name":"[%s 1/1] RUN %s","started":"%s"%s}]\\n}\\n' "$1" "$2" "$3" "$4" "$5" >&2; }
                case "$targets" in
                  " bad slow later") s=$(now); step aa slow "sleep 2" "$s"; sleep 2; step bb bad "exit 3" "$(now)" ",\\"completed\\":\\"$(now)\\",\\"error\\":\\"exit code: 3\\""; exit 1 ;;
                  " slow") s=$(now); step aa slow "sleep 2" "$s"; sleep 0.2; step aa slow "sleep 2" "$s" ",\\"completed\\":\\"$(now)\\""; exit 0 ;;
                  " later") s=$(now); step cc later "true" "$s" ",\\"completed\\":\\"$(now)\\""; exit 0 ;;
                  *) exit 2 ;;
                esac
                """.replace("BAKES", bakes.toString()));
        Map<String, BakeFile.Target> targets = new java.util.LinkedHashMap<>();
        for (String name : List.of("bad", "slow", "later")) {
            targets.put(name, new BakeFile.Target(tmp.toString(), "Dockerfile", List.of(), Map.of(),
                    name.equals("later") ? Map.of("slow", "target:slow") : Map.of(), Map.of(), List.of(),
                    List.of("localhost:5000/" + name + ":1.0"), false, List.of(), List.of(), List.of(), List.of(),
                    List.of("type=docker")));
        }
        Map<String, String> images = new java.util.LinkedHashMap<>(); // in build order, parents first
        targets.keySet().forEach(name -> images.put(name, name));
        BakeDefinition definition = new BakeDefinition(new BakeFile(Map.of("default",
                new BakeFile.Group(List.copyOf(targets.keySet()))), targets), images);
        Path bakeFile = tmp.resolve("cip/bake.json");
        definition.file().write(bakeFile);
        BakeEngine.Settings settings = new BakeEngine.Settings(docker.executable(), Optional.empty(), List.of(),
                stopOnFirstError, 0, Duration.ZERO, tmp.resolve("cip"), false, Duration.ofMinutes(1));
        try (ProcessRunner runner = new ProcessRunner()) {
            BakeEngine.Outcome outcome = new BakeEngine(settings, runner, console).build(definition, bakeFile,
                    List.of(image("bad"), image("slow"), image("later", "slow")));
            List<String> baked = java.nio.file.Files.readAllLines(bakes);
            // one solve of all while nothing failed; after bad failed, slow's own bake (its step had started), once;
            // bad never baked again
            assertEquals("bake bad slow later", baked.get(0), baked.toString());
            assertEquals(1, baked.stream().filter("bake slow"::equals).count(), baked.toString());
            assertFalse(baked.contains("bake bad"), baked.toString());
            return outcome;
        }
    }

    @Test
    void aFailureStopsNeitherUnrelatedWorkNorWhatStartedAndWithStopOnFirstErrorStartsNothingNew() throws Exception {
        RecordingConsole console = new RecordingConsole();
        BakeEngine.Outcome outcome = failureNextToSlowWork(true, console);
        Map<String, BuildResult> r = outcome.results();
        assertEquals(BuildResult.Status.FAILED, r.get("bad").status());
        assertEquals(BuildResult.Status.DONE, r.get("slow").status(), String.join("\n", console.lines));
        assertEquals(BuildResult.Status.NOT_STARTED, r.get("later").status(), String.join("\n", console.lines));
        assertEquals(0, r.get("later").attempts());
        assertTrue(java.nio.file.Files.readString(r.get("later").log()).contains("cancelled: bad failed"));
        assertTrue(console.lines.stream().anyMatch(l -> l.startsWith("WARN ") && l.contains("later 1.0 cancelled (bad "
                + "failed")), String.join("\n", console.lines));
        assertFalse(console.lines.stream().anyMatch(l -> l.contains("later 1.0 building")));
    }

    @Test
    void withoutStopOnFirstErrorEverythingNotBlockedIsBuilt() throws Exception {
        RecordingConsole console = new RecordingConsole();
        Map<String, BuildResult> r = failureNextToSlowWork(false, console).results();
        assertEquals(BuildResult.Status.FAILED, r.get("bad").status());
        assertEquals(BuildResult.Status.DONE, r.get("slow").status());
        assertEquals(BuildResult.Status.DONE, r.get("later").status(), String.join("\n", console.lines));
    }

    /** An image at 1.0 on the local platform, with its in-run parents. */
    private static BakeEngine.Image image(String name, String... parents) {
        return new BakeEngine.Image(name, "1.0", "local platform", Set.of(parents));
    }
}
