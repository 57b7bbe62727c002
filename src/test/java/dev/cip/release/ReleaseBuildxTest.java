package dev.cip.release;

import dev.cip.registry.Descriptor;
import dev.cip.registry.Manifest;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.testing.Commands;
import dev.cip.registry.testing.TestImages;
import dev.cip.registry.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shard flow with images pushed by the real {@code docker buildx build} (one push per platform under its staging
 * tag, as two native machines would), then released: buildx's attestation manifests come along.
 */
class ReleaseBuildxTest {

    @Test
    void twoBuildxShardsAreReleasedAsOneIndex(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "hello " + System.nanoTime() + "\n");
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
        try (TestRegistry registry = TestRegistry.open(); RegistryClient client = TestImages.quickRetryClient()) {
            String name = TestImages.namespace("rb") + "/hello";
            Map<String, String> pushed = new TreeMap<>();
            for (String platform : List.of("linux/amd64", "linux/arm64")) {
                String tag = StagingTag.of("1.0", List.of(platform)).tag();
                Commands.run(dir, "docker", "buildx", "build", "--platform", platform, "--provenance=mode=min",
                        "--push", "-t", registry.address() + "/" + name + ":" + tag, ".");
                Manifest staged = client.manifest(registry.address(), name, tag).orElseThrow();
                assertTrue(staged.entries().stream().anyMatch(Descriptor::attestation),
                        "buildx pushed no attestation: " + staged);
                pushed.put(platform, staged.platformEntries().get(0).digest());
            }
            assertTrue(client.head(registry.address(), name, "1.0").isEmpty());

            ReleaseOutcome out = new Releaser(client, registry.address(), 2).release(
                    List.of(new ReleaseImage(name, "1.0", List.of("linux/arm64", "linux/amd64"), Map.of())),
                    ReleaseMode.END, true, false);

            assertEquals(ImageRelease.Status.RELEASED, out.images().get(0).status(), out.images().get(0).reason());
            Manifest index = client.manifest(registry.address(), name, "1.0").orElseThrow();
            Map<String, String> platforms = new TreeMap<>();
            index.platformEntries().forEach(d -> platforms.put(d.platform().toString(), d.digest()));
            assertEquals(pushed, platforms);
            List<Descriptor> attestations = index.entries().stream().filter(Descriptor::attestation).toList();
            assertEquals(2, attestations.size());
            assertEquals(pushed.values().stream().sorted().toList(), attestations.stream()
                    .map(a -> a.annotations().get(StagedManifest.REFERENCE_DIGEST)).sorted().toList());
            for (Descriptor d : index.entries()) {
                assertTrue(client.manifest(registry.address(), name, d.digest()).isPresent(), d.digest());
            }
            assertEquals(index.digest(), client.head(registry.address(), name, "latest").orElseThrow().digest());
        }
    }
}
