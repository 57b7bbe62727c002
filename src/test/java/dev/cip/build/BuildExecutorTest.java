package dev.cip.build;

import dev.cip.process.ProcessRunner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BuildExecutorTest {
    @TempDir
    Path tmp;

    private final List<String> console = Collections.synchronizedList(new ArrayList<>());

    private BuildExecutor executor(FakeDocker docker, int retries, boolean stopOnFirstError, boolean verbose,
                                   Consumer<String> also) {
        return new BuildExecutor(new BuildExecutor.Settings(docker.executable(), 2, stopOnFirstError, retries,
                Duration.ofMillis(10), tmp.resolve("report/logs"), verbose), new ProcessRunner(), line -> {
            console.add(line);
            also.accept(line);
        });
    }

    private BuildExecutor executor(FakeDocker docker, int retries) {
        return executor(docker, retries, true, false, line -> {
        });
    }

    private BuildRequest request(String image) throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("contexts/" + image));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
        return new BuildRequest(image, "1.0.0", "localhost:5000", ctx, Map.of("A", "1"), Map.of(), true,
                List.of("linux/amd64", "linux/arm64"), false, BuildRequest.Output.PUSH, Optional.of(false),
                Optional.empty(), Optional.of(tmp.resolve("report/meta/" + image + ".json")), List.of());
    }

    private Map<String, BuildResult> run(BuildExecutor executor, List<BuildRequest> requests,
                                         Map<String, Set<String>> deps) throws InterruptedException {
        return executor.execute(requests, deps, Map.of());
    }

    @Test
    void runsTheBuildCommandAndReadsTheDigestFromTheMetadataFile() throws Exception {
        FakeDocker docker = FakeDocker.in(tmp.resolve("bin"));
        BuildRequest app = request("app");
        BuildExecutor executor = executor(docker, 2);
        Map<String, BuildResult> results = executor.execute(List.of(app), Map.of(),
                Map.of("app", "linux/amd64, linux/arm64"));
        BuildResult r = results.get("app");
        assertEquals(Scheduler.Status.DONE, r.status());
        assertEquals(1, r.attempts());
        assertEquals(Optional.of(0), r.exitCode());
        assertEquals(Optional.of(FakeDocker.DIGEST), r.digest());
        assertEquals("1.0.0", r.version());
        assertTrue(r.start().isPresent() && r.end().isPresent());
        assertEquals(tmp.resolve("report/logs/app.log"), r.log());
        List<String> argv = BuildCommand.argv(docker.executable(), app);
        assertEquals(List.of(argv.subList(1, argv.size())), docker.calls("app"));
        String log = Files.readString(r.log());
        assertTrue(log.contains("### cip ") && log.contains("attempt 1: " + String.join(" ", argv)), log);
        assertTrue(log.contains("built app"), log);
        assertEquals(2, console.size(), console.toString());
        assertEquals("[1/1] app 1.0.0 building (linux/amd64, linux/arm64)", console.get(0));
        assertTrue(console.get(1).startsWith("[1/1] app 1.0.0 pushed in "), console.get(1));
    }

    @Test
    void aTransientRegistryFailureIsRetriedAndTheLogKeepsEveryAttempt() throws Exception {
        FakeDocker docker = FakeDocker.in(tmp.resolve("bin"));
        BuildResult r = run(executor(docker, 2), List.of(request("flaky")), Map.of()).get("flaky");
        assertEquals(Scheduler.Status.DONE, r.status());
        assertEquals(2, r.attempts());
        assertEquals(2, docker.calls("flaky").size());
        assertEquals(Optional.of(FakeDocker.DIGEST), r.digest());
        String log = Files.readString(r.log());
        int first = log.indexOf("attempt 1: ");
        int error = log.indexOf("500 Internal Server Error");
        int retry = log.indexOf("transient failure; retrying");
        int second = log.indexOf("attempt 2: ");
        int built = log.indexOf("built flaky");
        assertTrue(first >= 0 && first < error && error < retry && retry < second && second < built, log);
        assertTrue(console.stream().anyMatch(l -> l.startsWith("flaky 1.0.0: transient registry failure (exit 1)")),
                console.toString());
    }

    @Test
    void retriesStopAtTheLimit() throws Exception {
        FakeDocker docker = FakeDocker.in(tmp.resolve("bin"));
        BuildResult r = run(executor(docker, 2), List.of(request("always500")), Map.of()).get("always500");
        assertEquals(Scheduler.Status.FAILED, r.status());
        assertEquals(3, r.attempts(), "one attempt and two retries");
        assertEquals(Optional.of(1), r.exitCode());
        assertTrue(r.tail().stream().anyMatch(l -> l.contains("500 Internal Server Error")), r.tail().toString());
        assertEquals(Optional.empty(), r.digest());

        BuildResult once = run(executor(FakeDocker.in(tmp.resolve("bin2")), 0), List.of(request("always500")),
                Map.of()).get("always500");
        assertEquals(1, once.attempts(), "cip.retries=0 never retries");
    }

    @Test
    void aDockerfileErrorIsNeverRetriedAndBlocksTheChildren() throws Exception {
        FakeDocker docker = FakeDocker.in(tmp.resolve("bin"));
        Map<String, BuildResult> results = run(executor(docker, 2), List.of(request("broken"), request("child")),
                Map.of("child", Set.of("broken")));
        BuildResult r = results.get("broken");
        assertEquals(Scheduler.Status.FAILED, r.status());
        assertEquals(1, r.attempts());
        assertEquals(1, docker.calls("broken").size());
        assertEquals(Optional.of(1), r.exitCode());
        assertTrue(r.tail().stream().anyMatch(l -> l.contains("did not complete successfully")), r.tail().toString());
        assertTrue(Files.readString(r.log()).contains("did not complete successfully"));
        assertTrue(console.stream().anyMatch(l -> l.contains("broken 1.0.0 FAILED after ")
                && l.contains(r.log().toString())), console.toString());

        BuildResult child = results.get("child");
        assertEquals(Scheduler.Status.BLOCKED, child.status());
        assertEquals(Optional.of("broken"), child.blockedBy());
        assertEquals(0, child.attempts());
        assertEquals(Optional.empty(), child.exitCode());
        assertEquals(List.of(), docker.calls("child"));
        assertTrue(console.stream().anyMatch(l -> l.endsWith("child 1.0.0 BLOCKED (broken failed)")),
                console.toString());
    }

    @Test
    void aMissingDockerFailsTheBuildWithAHint() throws Exception {
        BuildExecutor executor = new BuildExecutor(new BuildExecutor.Settings(tmp.resolve("no/docker").toString(),
                1, true, 2, Duration.ofMillis(10), tmp.resolve("logs"), false), new ProcessRunner(), console::add);
        BuildResult r = run(executor, List.of(request("app")), Map.of()).get("app");
        assertEquals(Scheduler.Status.FAILED, r.status());
        assertEquals(1, r.attempts());
        assertTrue(r.tail().get(0).contains("cannot run") && r.tail().get(0).contains("cip.docker"), r.tail().get(0));
        assertTrue(Files.readString(r.log()).contains("cannot run"));
    }

    @Test
    void aRerunStartsWithFreshLogsAndMetadata() throws Exception {
        FakeDocker docker = FakeDocker.in(tmp.resolve("bin"));
        BuildRequest app = request("app");
        run(executor(docker, 2), List.of(app), Map.of());
        Files.writeString(tmp.resolve("report/meta/app.json"), "{\"containerimage.digest\":\"sha256:stale\"}");
        BuildExecutor second = executor(FakeDocker.script(tmp.resolve("bin2"), "docker", "#!/bin/sh\necho again\n"),
                2);
        BuildResult r = run(second, List.of(app), Map.of()).get("app");
        assertEquals(Optional.empty(), r.digest(), "a stale metadata file must not be reported");
        String log = Files.readString(r.log());
        assertFalse(log.contains("built app"), log);
        assertTrue(log.contains("again"), log);
    }

    @Test
    void verboseStreamsEachLinePrefixedWithTheImage() throws Exception {
        FakeDocker docker = FakeDocker.in(tmp.resolve("bin"));
        run(executor(docker, 2, true, true, l -> {
        }), List.of(request("app")), Map.of());
        assertTrue(console.contains("app | built app"), console.toString());
    }

    @Test
    void interruptingTheRunStopsTheDockerProcessAndItsChildren() throws Exception {
        FakeDocker docker = FakeDocker.in(tmp.resolve("bin"));
        CountDownLatch sleeping = new CountDownLatch(1);
        BuildExecutor executor = executor(docker, 2, true, true, line -> {
            if (line.equals("sleepy | sleeping")) {
                sleeping.countDown();
            }
        });
        List<BuildRequest> requests = List.of(request("sleepy"));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                run(executor, requests, Map.of());
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        assertTrue(sleeping.await(60, TimeUnit.SECONDS), "the fake build never started: " + console);
        long pid = docker.sleepyPid().orElseThrow();
        assertTrue(FakeDocker.running(pid));
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(caller.isAlive(), "the run did not stop");
        assertInstanceOf(InterruptedException.class, thrown.get());
        // The child of the docker process is gone too (signals are delivered asynchronously: give it a moment).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (FakeDocker.running(pid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(FakeDocker.running(pid), "sleep " + pid + " survived the interrupt");
    }

    @Test
    void independentImagesAllRunWhenKeepingGoing() throws Exception {
        FakeDocker docker = FakeDocker.in(tmp.resolve("bin"));
        Map<String, Set<String>> deps = new LinkedHashMap<>();
        deps.put("child", Set.of("broken"));
        Map<String, BuildResult> results = run(executor(docker, 0, false, false, l -> {
        }), List.of(request("broken"), request("other"), request("child")), deps);
        assertEquals(Scheduler.Status.FAILED, results.get("broken").status());
        assertEquals(Scheduler.Status.DONE, results.get("other").status());
        assertEquals(Scheduler.Status.BLOCKED, results.get("child").status());
        assertEquals(List.of("broken", "other", "child"), List.copyOf(results.keySet()));
    }
}
