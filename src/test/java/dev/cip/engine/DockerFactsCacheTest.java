package dev.cip.engine;

import dev.cip.app.BuildRun;
import dev.cip.plan.Advice;
import dev.cip.plan.Goal;
import dev.cip.process.Executables;
import dev.cip.report.Console;
import dev.cip.sign.Signing;
import dev.cip.testing.EmptyStore;
import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The builder facts are remembered in cip's cache directory: a run on an unchanged builder starts no docker program
 * before its bake; a changed, stale, unfinished or damaged entry is probed again, and never fails the run.
 */
class DockerFactsCacheTest {
    @TempDir
    Path tmp;

    /** The real docker, each start logged (argv) to {@code docker-calls.txt}. */
    private FakeDocker countingDocker() {
        return FakeDocker.script(tmp.resolve("bin"), "docker", """
                #!/bin/sh
                echo "$*" >> "$(dirname "$0")/docker-calls.txt"
                exec docker "$@"
                """.replace("exec docker", "exec " + realDocker()));
    }

    private static String realDocker() {
        return Executables.onPath("docker", System.getenv("PATH")).orElseThrow().toString();
    }

    private List<String> dockerCalls() throws IOException {
        Path log = tmp.resolve("bin/docker-calls.txt");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private static final Console QUIET = new Console() {
        @Override
        public void info(String line) {
        }

        @Override
        public void warn(String line) {
        }
    };

    /** A dry run with something to build (so the builder is asked about) on {@code docker}. */
    private void plan(String docker, Map<String, String> environment, DockerFactsCache cache) throws Exception {
        RunConfig config = new RunConfig(Goal.PUBLISH_LOCALLY,
                new RunConfig.ProjectTarget(tmp.resolve("project"), "localhost:5000"),
                new RunConfig.Selection(List.of(), false, false, List.of(), true),
                new RunConfig.BuildOptions(Map.of(), true, "auto", true, List.of()),
                new RunConfig.EngineOptions(docker, Optional.empty(), List.of(), true, 0, Duration.ZERO, false,
                        environment),
                new RunConfig.Output(tmp.resolve("report"), true, false, Instant.now()),
                RunConfig.Release.atEnd(), RunConfig.ImageOptions.defaults());
        new BuildRun(config, () -> new BuildRun.Stores(EmptyStore.INSTANCE, Optional.empty(), Optional.empty()),
                Signing.NONE, QUIET, Advice.PLAIN, Map.of(), BuilderProbes.inspecting(config.engine()))
                .rememberingDockerFacts(cache).run("plan");
        assertTrue(Files.exists(tmp.resolve("report/bake.json")), "the dry run wrote its bake definition");
    }

    @Test
    void theSecondRunOnAnUnchangedBuilderStartsNoDockerProgram() throws Exception {
        ProjectFixture.in(tmp.resolve("project")).image("00-base", "1.0.0");
        String docker = countingDocker().executable();
        DockerFactsCache cache = DockerFactsCache.in(tmp.resolve("cache/builder-facts.json"));

        plan(docker, Map.of(), cache);
        List<String> first = dockerCalls();
        assertEquals(1, first.stream().filter(c -> c.startsWith("buildx inspect")).count(), first.toString());
        assertEquals(1, first.stream().filter(c -> c.startsWith("build --provenance=false --help")).count(),
                first.toString());

        plan(docker, Map.of(), cache);
        assertEquals(first, dockerCalls(), "the second run asked docker again");

        // another builder selected (the same one, by name): another identity, asked again, then remembered too
        plan(docker, Map.of("BUILDX_BUILDER", "default"), cache);
        plan(docker, Map.of("BUILDX_BUILDER", "default"), cache);
        List<String> third = dockerCalls();
        assertEquals(2, third.stream().filter(c -> c.startsWith("buildx inspect")).count(), third.toString());
    }

    // ---------------------------------------------------------------------------------- the file, real files

    private static final String INSPECT = """
            Name:          default
            Driver:        docker

            Nodes:
            Name:             default
            Endpoint:         default
            Status:           running
            Platforms:        linux/amd64, linux/arm64
            """;

    /** Probes answering as docker would, counted. */
    private static final class Counted implements DockerFactsCache.Probes {
        final AtomicInteger inspects = new AtomicInteger();
        final AtomicInteger provenance = new AtomicInteger();
        final String inspect;

        Counted(String inspect) {
            this.inspect = inspect;
        }

        @Override
        public BuilderInfo builder() {
            inspects.incrementAndGet();
            return BuilderInfo.parse(inspect);
        }

        @Override
        public boolean supportsProvenance() {
            provenance.incrementAndGet();
            return true;
        }
    }

    private DockerFacts facts(DockerFactsCache cache, String id, String provenance, Counted probes)
            throws Exception {
        return cache.facts(() -> id, provenance, false, probes);
    }

    @Test
    void factsComeBackAsProbedAndOnlyTheMissingProbeRuns() throws Exception {
        Path file = tmp.resolve("cache/builder-facts.json");
        DockerFactsCache cache = DockerFactsCache.in(file);
        Counted probes = new Counted(INSPECT);

        DockerFacts probed = facts(cache, "id-1", "false", probes);
        assertEquals(List.of(1, 0), List.of(probes.inspects.get(), probes.provenance.get()),
                "provenance=false needs no probe");
        assertEquals(List.of("type=provenance,disabled=true"), probed.attestations());

        DockerFacts remembered = facts(DockerFactsCache.in(file), "id-1", "auto", probes);
        assertEquals(List.of(1, 1), List.of(probes.inspects.get(), probes.provenance.get()),
                "auto asks only what the cache does not know");
        assertEquals(probed.builder(), remembered.builder());
        assertEquals(List.of(), remembered.attestations(), "a CLI knowing --provenance: the builder's default");

        facts(DockerFactsCache.in(file), "id-1", "auto", probes);
        assertEquals(List.of(1, 1), List.of(probes.inspects.get(), probes.provenance.get()));

        facts(DockerFactsCache.in(file), "id-2", "auto", probes);
        assertEquals(List.of(2, 2), List.of(probes.inspects.get(), probes.provenance.get()), "another identity");
    }

    @Test
    void aDamagedOrForeignFileIsAnEmptyCacheAndIsReplaced() throws Exception {
        Path file = tmp.resolve("builder-facts.json");
        Counted probes = new Counted(INSPECT);
        for (String content : List.of("{not json", "[1,2]", "{\"format\":1,\"entries\":{\"id\":{\"checkedAt\":\"x\"}}}",
                "{\"format\":1,\"entries\":{\"id\":{\"checkedAt\":\"" + Instant.now() + "\",\"builder\":{\"name\":"
                        + "\"b\",\"driver\":\"docker\",\"nodes\":[{\"name\":\"n\",\"platforms\":[\"\"]}]}}}}",
                "\u0000\u0001binary", "{\"format\":99,\"entries\":{}}")) {
            Files.writeString(file, content);
            int before = probes.inspects.get();
            DockerFacts facts = facts(DockerFactsCache.in(file), "id", "auto", probes);
            assertEquals(before + 1, probes.inspects.get(), content);
            assertEquals("default", facts.builder().name());
            facts(DockerFactsCache.in(file), "id", "auto", probes);
            assertEquals(before + 1, probes.inspects.get(), "rewritten readable after " + content);
        }
        Files.writeString(file, "{\"format\":1,\"entries\":{}," + " ".repeat((int) DockerFactsCache.MAX_FILE_SIZE)
                + "}");
        int before = probes.inspects.get();
        facts(DockerFactsCache.in(file), "id", "auto", probes);
        assertEquals(before + 1, probes.inspects.get(), "an oversized file is not read");
    }

    @Test
    void anOldEntryOrABuilderWithANodeNotStartedIsProbedAgain() throws Exception {
        Path file = tmp.resolve("builder-facts.json");
        Counted probes = new Counted(INSPECT);
        facts(DockerFactsCache.in(file), "id", "auto", probes);
        String old = Instant.now().minus(DockerFactsCache.MAX_AGE).minusSeconds(60).toString();
        String future = Instant.now().plus(Duration.ofDays(2)).toString();
        for (String at : List.of(old, future)) {
            String text = Files.readString(file).replaceAll("\"checkedAt\":\"[^\"]*\"", "\"checkedAt\":\"" + at + "\"");
            Files.writeString(file, text);
            int before = probes.inspects.get();
            facts(DockerFactsCache.in(file), "id", "auto", probes);
            assertEquals(before + 1, probes.inspects.get(), "checked at " + at);
        }

        Counted inactive = new Counted("""
                Name:   remote
                Driver: docker-container

                Nodes:
                Name:   remote0
                Status: inactive
                """);
        facts(DockerFactsCache.in(file), "inactive", "auto", inactive);
        facts(DockerFactsCache.in(file), "inactive", "auto", inactive);
        assertEquals(2, inactive.inspects.get(), "a node that reported no platforms is asked again next time");
    }

    @Test
    void anUnwritableCacheDirectoryOnlyCostsTheProbes() throws Exception {
        Files.writeString(tmp.resolve("a-file"), "");
        DockerFactsCache cache = DockerFactsCache.in(tmp.resolve("a-file/builder-facts.json"));
        Counted probes = new Counted(INSPECT);
        assertEquals("default", facts(cache, "id", "auto", probes).builder().name());
        assertEquals("default", facts(cache, "id", "auto", probes).builder().name());
        assertEquals(2, probes.inspects.get());
    }

    // ---------------------------------------------------------------------------------- the identity

    @Test
    void theIdentityIsStableAndFollowsTheBuilderTheContextAndTheirDefinitions() throws Exception {
        Path config = tmp.resolve("docker-config");
        Files.createDirectories(config.resolve("buildx/instances"));
        Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString());
        String docker = realDocker();
        String id = DockerIdentity.of(docker, Optional.empty(), env);
        assertEquals(id, DockerIdentity.of(docker, Optional.empty(), env));

        assertNotEquals(id, DockerIdentity.of(docker, Optional.of("other"), env));
        for (String variable : List.of("BUILDX_BUILDER", "DOCKER_CONTEXT")) {
            assertNotEquals(id, DockerIdentity.of(docker, Optional.empty(), Map.of("DOCKER_CONFIG", config.toString(),
                    variable, "other")), variable);
        }
        assertNotEquals(id, DockerIdentity.of(docker, Optional.empty(), Map.of("DOCKER_CONFIG", config.toString(),
                "DOCKER_HOST", "unix:///run/other.sock")));
        Files.writeString(config.resolve("config.json"), "{\"currentContext\": \"remote\", \"auths\": {}}");
        String withContext = DockerIdentity.of(docker, Optional.empty(), env);
        assertNotEquals(id, withContext);
        // credentials written into the config (cip's private config per run) change nothing
        Files.writeString(config.resolve("config.json"), "{\"currentContext\": \"remote\", \"auths\": {\"h\": {}}}");
        assertEquals(withContext, DockerIdentity.of(docker, Optional.empty(), env));
        Files.writeString(config.resolve("buildx/instances/native"), "{\"Name\":\"native\"}");
        assertNotEquals(withContext, DockerIdentity.of(docker, Optional.empty(), env));
    }
}
