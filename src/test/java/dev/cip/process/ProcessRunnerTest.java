package dev.cip.process;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessRunnerTest {
    @TempDir
    Path tmp;

    private String script(String name, String body) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p.toString();
    }

    @Test
    void logsBothStreamsKeepsTheTailTheExitCodeAndTheEnvironment() throws Exception {
        String exe = script("tool", """
                #!/bin/sh
                i=1
                while [ $i -le 40 ]; do echo "line $i"; i=$((i + 1)); done
                sleep 0.2
                echo "to stderr" >&2
                sleep 0.2
                echo "cwd $(pwd)"
                echo "env $CIP_TEST_VAR"
                exit 3
                """);
        Path log = tmp.resolve("logs/deep/tool.log"); // the directory is created
        List<String> seen = new ArrayList<>();
        List<ProcessRunner.Stream> streams = new ArrayList<>();
        ProcessRunner.Result r;
        try (ProcessRunner runner = new ProcessRunner(Map.of("CIP_TEST_VAR", "set"))) {
            r = runner.run(ProcessRunner.Request.of(List.of(exe)).in(tmp).logTo(log).onLine((s, l) -> {
                seen.add(l);
                streams.add(s);
            }).capturing());
        }
        assertEquals(3, r.exitCode());
        assertFalse(r.succeeded());
        assertEquals(43, seen.size());
        assertEquals(ProcessRunner.Stream.STDERR, streams.get(seen.indexOf("to stderr")));
        assertEquals(ProcessRunner.Stream.STDOUT, streams.get(seen.indexOf("line 1")));
        List<String> expectedTail = new ArrayList<>(IntStream.rangeClosed(14, 40).mapToObj(i -> "line " + i).toList());
        expectedTail.addAll(List.of("to stderr", "cwd " + tmp.toRealPath(), "env set"));
        assertEquals(expectedTail, r.tail());
        assertEquals(seen, Files.readAllLines(log));
        assertFalse(r.stdout().contains("to stderr"));
        assertTrue(r.stdout().startsWith("line 1\nline 2\n"));
    }

    @Test
    void inputReachesTheProgramAndWithoutItStdinIsEmpty() throws Exception {
        String exe = script("reader", "#!/bin/sh\nread line\necho \"got [$line]\"\n");
        try (ProcessRunner runner = new ProcessRunner()) {
            ProcessRunner.Result r = runner.run(ProcessRunner.Request.of(List.of(exe)).capturing()
                    .input("registry.example:5000\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals("got [registry.example:5000]\n", r.stdout());
            ProcessRunner.Result none = runner.run(ProcessRunner.Request.of(List.of(exe)).capturing());
            assertEquals("got []\n", none.stdout());
        }
    }

    @Test
    void appendsToAnExistingLog() throws Exception {
        String exe = script("tool", "#!/bin/sh\necho second\n");
        Path log = tmp.resolve("tool.log");
        Files.writeString(log, "first\n");
        try (ProcessRunner runner = new ProcessRunner()) {
            assertTrue(runner.run(ProcessRunner.Request.of(List.of(exe)).logTo(log)).succeeded());
        }
        assertEquals(List.of("first", "second"), Files.readAllLines(log));
    }

    @Test
    void argumentsReachTheProgramUnsplitWithoutAShell() throws Exception {
        String exe = script("tool", "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n");
        try (ProcessRunner runner = new ProcessRunner()) {
            ProcessRunner.Result r = runner.run(ProcessRunner.Request.of(List.of(exe, "a b", "--x=$HOME", "*",
                    "; rm -rf /")));
            assertEquals(List.of("[a b]", "[--x=$HOME]", "[*]", "[; rm -rf /]"), r.tail());
        }
    }

    @Test
    void aProgramThatFillsStderrBeforeStdoutDoesNotBlock() throws Exception {
        // 1 MiB on stderr first: a runner reading only stdout would deadlock on the full stderr pipe.
        String exe = script("tool", "#!/bin/sh\nhead -c 1048576 /dev/zero | tr '\\0' 'e' | fold -w 1000 >&2\n"
                + "echo done\n");
        try (ProcessRunner runner = new ProcessRunner()) {
            ProcessRunner.Result r = runner.run(ProcessRunner.Request.of(List.of(exe)).capturing()
                    .timeout(Duration.ofSeconds(30)));
            assertTrue(r.succeeded(), r.tailText());
            assertEquals("done\n", r.stdout());
        }
    }

    @Test
    void captureIsBounded() throws Exception {
        String exe = script("tool", "#!/bin/sh\nhead -c 20000000 /dev/zero | tr '\\0' 'o' | fold -w 1000\n");
        try (ProcessRunner runner = new ProcessRunner()) {
            ProcessRunner.Result r = runner.run(ProcessRunner.Request.of(List.of(exe)).capturing());
            assertTrue(r.succeeded());
            assertTrue(r.truncated());
            assertTrue(r.stdout().length() <= ProcessRunner.MAX_CAPTURE);
            assertTrue(r.stdout().length() > ProcessRunner.MAX_CAPTURE - 2000);
        }
    }

    @Test
    void aProgramPastItsTimeoutIsStoppedWithItsChildren() throws Exception {
        Path pidFile = tmp.resolve("child.pid");
        String exe = script("tool", "#!/bin/sh\nsleep 60 &\necho $! > " + pidFile + "\nwait\n");
        long start = System.nanoTime();
        ProcessRunner.Result r;
        try (ProcessRunner runner = new ProcessRunner()) {
            r = runner.run(ProcessRunner.Request.of(List.of(exe)).timeout(Duration.ofMillis(500)));
        }
        assertTrue(r.timedOut());
        assertFalse(r.succeeded());
        assertTrue(System.nanoTime() - start < 20_000_000_000L);
        assertChildGone(Long.parseLong(Files.readString(pidFile).strip()));
    }

    /** What the JVM shutdown hook does when Maven is interrupted (Ctrl-C); repeated, it once raced the start. */
    @RepeatedTest(25)
    void destroyAllStopsRunningProcessesAndTheirChildren() throws Exception {
        Path pidFile = tmp.resolve("child.pid");
        String exe = script("tool", "#!/bin/sh\nsleep 60 &\necho $! > " + pidFile + "\necho started\nwait\n");
        try (ProcessRunner runner = new ProcessRunner()) {
            CompletableFuture<ProcessRunner.Result> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return runner.run(ProcessRunner.Request.of(List.of(exe)).in(tmp));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!(Files.exists(pidFile) && Files.size(pidFile) > 0) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            long child = Long.parseLong(Files.readString(pidFile).strip());
            runner.destroyAll();
            ProcessRunner.Result result = run.get(20, TimeUnit.SECONDS);
            assertFalse(result.succeeded());
            assertTrue(result.stopped());
            assertChildGone(child);
        }
    }

    @Test
    void interruptingTheCallerStopsTheProgram() throws Exception {
        Path pidFile = tmp.resolve("child.pid");
        String exe = script("tool", "#!/bin/sh\nsleep 60 &\necho $! > " + pidFile + "\nwait\n");
        try (ProcessRunner runner = new ProcessRunner()) {
            Thread caller = Thread.currentThread();
            Thread interrupter = new Thread(() -> {
                try {
                    while (!Files.exists(pidFile) || Files.size(pidFile) == 0) {
                        Thread.sleep(10);
                    }
                } catch (Exception e) {
                    return;
                }
                caller.interrupt();
            });
            interrupter.start();
            assertThrows(InterruptedException.class, () -> runner.run(ProcessRunner.Request.of(List.of(exe))));
            interrupter.join();
            assertChildGone(Long.parseLong(Files.readString(pidFile).strip()));
        }
    }

    /** Maven killed outright (SIGKILL, the OOM killer) runs no shutdown hook; its programs must end all the same. */
    @Test
    void aProgramEndsWhenTheJvmThatStartedItIsKilled() throws Exception {
        String exe = script("tool", "#!/bin/sh\necho $$\nexec sleep 300\n");
        String javaCommand = ProcessHandle.current().info().command().orElseThrow();
        Process jvm = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                OrphanProbe.class.getName(), exe).redirectErrorStream(true).start();
        long program = -1;
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(jvm.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            program = Long.parseLong(out.readLine().strip());
            assertTrue(ProcessHandle.of(program).map(ProcessHandle::isAlive).orElse(false));
            jvm.destroyForcibly().waitFor();
            assertChildGone(program);
        } finally {
            jvm.destroyForcibly();
            ProcessHandle.of(program).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aProgramNamedWithoutAPathIsFoundOnThePathAndAMissingOneIsStillAnIOException() throws Exception {
        try (ProcessRunner runner = new ProcessRunner()) {
            ProcessRunner.Result r = runner.run(ProcessRunner.Request.of(List.of("sh", "-c", "echo found")).capturing());
            assertEquals("found\n", r.stdout());
            assertThrows(IOException.class, () -> runner.run(ProcessRunner.Request.of(List.of("cip-no-such-tool"))));
        }
    }

    @Test
    void aMissingProgramIsAnIOException() {
        try (ProcessRunner runner = new ProcessRunner()) {
            assertThrows(IOException.class, () -> runner.run(ProcessRunner.Request.of(
                    List.of(tmp.resolve("nope").toString()))));
        }
    }

    @Test
    void theRunnerLeavesNoThreadBehind() throws Exception {
        String exe = script("tool", "#!/bin/sh\necho hi\necho ho >&2\n");
        try (ProcessRunner runner = new ProcessRunner()) {
            runner.run(ProcessRunner.Request.of(List.of(exe)));
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("cip-process-") && t.isAlive()));
    }

    private static void assertChildGone(long pid) {
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the child sleep survived");
    }
}
