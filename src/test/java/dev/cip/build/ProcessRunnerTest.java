package dev.cip.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessRunnerTest {
    @TempDir
    Path tmp;

    @Test
    void mergesOutputIntoTheLogKeepsTheTailAndTheExitCode() throws Exception {
        FakeDocker exe = FakeDocker.script(tmp, "tool", """
                #!/bin/sh
                i=1
                while [ $i -le 40 ]; do echo "line $i"; i=$((i + 1)); done
                echo "to stderr" >&2
                echo "cwd $(pwd)"
                echo "env $CIP_TEST_VAR"
                exit 3
                """);
        Path log = tmp.resolve("logs/deep/tool.log"); // the directory is created
        List<String> seen = new ArrayList<>();
        ProcessRunner.Result r = new ProcessRunner(Map.of("CIP_TEST_VAR", "set")).run(List.of(exe.executable()),
                tmp, log, seen::add);
        assertEquals(3, r.exitCode());
        assertFalse(r.succeeded());
        assertEquals(43, seen.size());
        List<String> expectedTail = new ArrayList<>(IntStream.rangeClosed(14, 40).mapToObj(i -> "line " + i).toList());
        expectedTail.addAll(List.of("to stderr", "cwd " + tmp.toRealPath(), "env set"));
        assertEquals(expectedTail, r.tail());
        assertEquals(String.join("\n", expectedTail), r.tailText());
        assertEquals(seen, Files.readAllLines(log));
    }

    @Test
    void appendsToAnExistingLog() throws Exception {
        FakeDocker exe = FakeDocker.script(tmp, "tool", "#!/bin/sh\necho second\n");
        Path log = tmp.resolve("tool.log");
        Files.writeString(log, "first\n");
        ProcessRunner.Result r = new ProcessRunner().run(List.of(exe.executable()), null, log, null);
        assertTrue(r.succeeded());
        assertEquals(List.of("first", "second"), Files.readAllLines(log));
    }

    @Test
    void argumentsReachTheProgramUnsplit() throws Exception {
        FakeDocker exe = FakeDocker.script(tmp, "tool", "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n");
        ProcessRunner.Result r = new ProcessRunner().run(List.of(exe.executable(), "a b", "--x=$HOME", "*"), tmp,
                tmp.resolve("l.log"), null);
        assertEquals(List.of("[a b]", "[--x=$HOME]", "[*]"), r.tail());
    }

    @Test
    void destroyAllStopsRunningProcessesAndTheirChildren() throws Exception {
        // What the JVM shutdown hook does when Maven is interrupted (Ctrl-C) during builds.
        Path pidFile = tmp.resolve("child.pid");
        FakeDocker exe = FakeDocker.script(tmp, "tool",
                "#!/bin/sh\nsleep 60 &\necho $! > " + pidFile + "\necho started\nwait\n");
        ProcessRunner runner = new ProcessRunner();
        java.util.concurrent.CompletableFuture<ProcessRunner.Result> run = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return runner.run(List.of(exe.executable()), tmp, tmp.resolve("t.log"), null);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(Files.exists(pidFile) && Files.size(pidFile) > 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long child = Long.parseLong(Files.readString(pidFile).strip());
        runner.destroyAll();
        ProcessRunner.Result result = run.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertFalse(result.succeeded());
        ProcessHandle.of(child).ifPresent(h -> h.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join());
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the child sleep survived");
    }

    @Test
    void aMissingProgramIsAnIOException() {
        assertThrows(IOException.class, () -> new ProcessRunner().run(List.of(tmp.resolve("nope").toString()),
                tmp, tmp.resolve("l.log"), null));
    }
}
