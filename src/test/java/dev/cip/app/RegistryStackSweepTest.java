package dev.cip.app;

import dev.cip.registry.RegistryHints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The private Docker config of a run killed with SIGKILL (its decrypted password) is removed by the next run that
 * reaches a registry, also one without credentials; a live run's stays, and links inside it are never followed.
 */
class RegistryStackSweepTest {
    @TempDir
    Path tmp;

    private static Path leftover(Path parent, String ownerLine) throws Exception {
        Path dir = Files.createDirectory(parent.resolve("cip-docker-config-" + UUID.randomUUID()));
        Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"r.example\":{\"auth\":\"c2VjcmV0\"}}}");
        Files.writeString(dir.resolve("cip-owner"), ownerLine);
        return dir;
    }

    private static String ownerLine(ProcessHandle p) {
        return p.pid() + " " + p.info().startInstant().map(Instant::toString).orElse("-") + "\n";
    }

    @Test
    void aRunWithoutCredentialsSweepsAKilledRunsConfigAndLeavesALiveOnesAlone() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        ProcessHandle goneHandle = gone.toHandle();
        String goneOwner = ownerLine(goneHandle);
        gone.waitFor();
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        Path buildx = Files.createDirectories(tmp.resolve("home/.docker/buildx/instances"));
        Files.writeString(buildx.resolve("builder"), "{}");
        Path killed = leftover(temp, goneOwner);
        Files.createSymbolicLink(killed.resolve("buildx"), buildx.getParent());
        Path live = leftover(temp, ownerLine(ProcessHandle.current()));
        try {
            RegistryStack.Setup setup = new RegistryStack.Setup(Map.of(), Set.of(), Optional.empty(),
                    Optional.empty(), RegistryHints.GENERIC);
            try (RegistryStack stack = RegistryStack.open(setup, List.of("127.0.0.1:5000"))) {
                assertEquals(Map.of(), stack.dockerEnvironment(), "no credentials: no Docker config of its own");
            }
            assertFalse(Files.exists(killed, LinkOption.NOFOLLOW_LINKS), "the killed run's config is removed");
            assertTrue(Files.isRegularFile(live.resolve("config.json")), "a live run's config stays");
            assertTrue(Files.isRegularFile(buildx.resolve("builder")), "~/.docker/buildx, linked into it, stays");
        } finally {
            for (Path p : List.of(live.resolve("config.json"), live.resolve("cip-owner"), live)) {
                Files.deleteIfExists(p);
            }
        }
    }
}
