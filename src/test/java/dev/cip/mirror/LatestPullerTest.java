package dev.cip.mirror;

import dev.cip.process.DockerUnavailableException;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.testing.Started;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pull goals' core against a real registry; {@code docker} is a recording stand-in script (the real pull is
 * covered by the pull-latest integration test), so argv, environment and failures can be checked exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatestPullerTest {
    @Started
    private TestRegistry registry;
    @Started
    private RegistryClient client;

    /** A docker stand-in: records each argv line and DOCKER_CONFIG; fails a pull of anything named "broken". */
    private static Path fakeDocker(Path dir) throws Exception {
        Path script = dir.resolve("docker");
        Files.writeString(script, "#!/bin/sh\n"
                + "echo \"$* DOCKER_CONFIG=${DOCKER_CONFIG:-unset}\" >> \"" + dir.resolve("calls.txt") + "\"\n"
                + "case \"$2\" in *broken*) echo \"Error response from daemon: manifest unknown\" >&2; exit 1;; esac\n"
                + "echo ok\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void pullsAndTagsWhatExistsLogsWhatIsMissingAndRecordsDockerFailures(@TempDir Path dir) throws Exception {
        String reg = registry.address() + "/p" + UUID.randomUUID().toString().substring(0, 8);
        TestImages.pushIndex(client, reg, "base", "1.0", List.of("linux/amd64"), Map.of(), false, 10);
        TestImages.pushIndex(client, reg, "broken", "2.0", List.of("linux/amd64"), Map.of(), false, 10);
        Path docker = fakeDocker(dir);
        RegistryMirrorTest.Lines lines = new RegistryMirrorTest.Lines();
        LatestPuller puller = new LatestPuller(client, docker.toString(), Map.of("DOCKER_CONFIG", "/tmp/cip-x"),
                dir.resolve("logs"), lines);
        var o = puller.pull(reg, List.of(new ImageVersion("base", "1.0"),
                new ImageVersion("gone", "3.0"), new ImageVersion("broken", "2.0")), false);

        assertEquals(List.of(LatestPuller.PullStatus.PULLED, LatestPuller.PullStatus.MISSING,
                        LatestPuller.PullStatus.FAILED),
                o.images().stream().map(LatestPuller.ImagePull::status).toList());
        assertEquals(List.of(
                "pull " + reg + "/base:1.0 DOCKER_CONFIG=/tmp/cip-x",
                "tag " + reg + "/base:1.0 " + reg + "/base:latest DOCKER_CONFIG=/tmp/cip-x",
                "pull " + reg + "/broken:2.0 DOCKER_CONFIG=/tmp/cip-x"),
                Files.readAllLines(dir.resolve("calls.txt")), "nothing run for the missing image, no tag after a failed pull");
        assertTrue(lines.info.contains("gone:3.0: missing from " + reg + " (" + reg + "/gone:3.0); not pulled"),
                lines.info.toString());
        String failure = o.with(LatestPuller.PullStatus.FAILED).get(0).detail();
        assertTrue(failure.contains("pull " + reg + "/broken:2.0 exited 1"), failure);
        assertTrue(failure.contains("manifest unknown"), failure);
        assertTrue(Files.readString(dir.resolve("logs/pull-broken.log")).contains("manifest unknown"));
    }

    @Test
    void aDryRunRunsNoDocker(@TempDir Path dir) throws Exception {
        String reg = registry.address() + "/d" + UUID.randomUUID().toString().substring(0, 8);
        TestImages.pushIndex(client, reg, "base", "1.0", List.of("linux/amd64"), Map.of(), false, 10);
        RegistryMirrorTest.Lines lines = new RegistryMirrorTest.Lines();
        var o = new LatestPuller(client, fakeDocker(dir).toString(), Map.of(), dir, lines)
                .pull(reg, List.of(new ImageVersion("base", "1.0")), true);
        assertEquals(LatestPuller.PullStatus.PULLED, o.images().get(0).status());
        assertTrue(lines.info.get(0).contains("would pull " + reg + "/base:1.0"), lines.info.toString());
        assertTrue(Files.notExists(dir.resolve("calls.txt")));
    }

    @Test
    void aMissingDockerIsAClearError(@TempDir Path dir) {
        String reg = registry.address() + "/n" + UUID.randomUUID().toString().substring(0, 8);
        TestImages.pushIndex(client, reg, "base", "1.0", List.of("linux/amd64"), Map.of(), false, 10);
        DockerUnavailableException e = assertThrows(DockerUnavailableException.class, () -> new LatestPuller(client,
                dir.resolve("no-docker").toString(), Map.of(), dir, new RegistryMirrorTest.Lines())
                .pull(reg, List.of(new ImageVersion("base", "1.0")), false));
        assertEquals(DockerUnavailableException.Reason.CANNOT_START, e.reason());
        assertEquals("the docker CLI", e.install());
        assertTrue(e.facts().startsWith("cannot run '" + dir.resolve("no-docker") + "': "), e.facts());
        assertTrue(e.getMessage().endsWith("(install the docker CLI, or give cip the path of the docker program)"),
                e.getMessage());
    }
}
