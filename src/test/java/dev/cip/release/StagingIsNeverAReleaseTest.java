package dev.cip.release;

import dev.cip.report.Console;
import dev.cip.mirror.ImageVersion;
import dev.cip.mirror.LatestPuller;
import dev.cip.mirror.RegistryMirror;
import dev.cip.store.RegistryImageStore;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An image that is only staged (pushed under its staging tags, not released) is not there for the goals that take
 * released images: the mirror copies nothing, the pull goals pull nothing, the plan's registry store does not find
 * its version.
 */
class StagingIsNeverAReleaseTest {

    @Test
    void mirrorPullAndPlanSeeOnlyTheVersionTag(@TempDir Path dir) throws Exception {
        try (TestRegistry remote = TestRegistry.open(); TestRegistry local = TestRegistry.open();
             RegistryClient client = TestImages.quickRetryClient()) {
            String name = TestImages.namespace("s") + "/app";
            for (List<String> platforms : List.of(List.of("linux/amd64"), List.of("linux/arm64"),
                    List.of("linux/amd64", "linux/arm64"))) {
                TestImages.pushIndex(client, remote.address(), name, StagingTag.of("1.0", platforms).tag(),
                        platforms, Map.of(), true, 50);
            }
            // the registry build cache's reserved tag is no release either, nor a staging tag
            TestImages.pushIndex(client, remote.address(), name, dev.cip.engine.BuildCache.TAG,
                    List.of("linux/amd64"), Map.of(), false, 50);
            Console quiet = new Console() {
                @Override
                public void info(String line) {
                }

                @Override
                public void warn(String line) {
                }
            };
            ImageVersion image = new ImageVersion(name, "1.0");

            var mirrored = new RegistryMirror(client, quiet)
                    .upload(remote.address(), local.address(), List.of(image), false);
            assertEquals(RegistryMirror.CopyStatus.MISSING, mirrored.images().get(0).status());
            assertEquals(List.of(), client.tags(local.address(), name));

            Path docker = dir.resolve("docker");
            Files.writeString(docker, "#!/bin/sh\necho \"$*\" >> " + dir.resolve("calls.txt") + "\n");
            assertTrue(docker.toFile().setExecutable(true));
            var pulled = new LatestPuller(client, docker.toString(), Map.of(), dir, quiet)
                    .pull(remote.address(), List.of(image), false);
            assertEquals(LatestPuller.PullStatus.MISSING, pulled.images().get(0).status());
            assertTrue(Files.notExists(dir.resolve("calls.txt")), "no docker pull of a staged image");

            RegistryImageStore store = new RegistryImageStore(client, remote.address(), true);
            assertTrue(store.find(name, "1.0", true).isEmpty());
            assertTrue(store.find(name, "1.0", false).isEmpty());
            assertEquals(3, new StagingReader(client, remote.address()).read(name, "1.0").size(),
                    "the three staging tags, never the cache tag");
        }
    }
}
