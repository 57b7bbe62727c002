package dev.cip.release;

import dev.cip.registry.Digests;
import dev.cip.registry.MediaTypes;
import dev.cip.registry.RegistryClient;
import dev.cip.registry.RegistryException;
import dev.cip.registry.RegistryOptions;
import dev.cip.registry.testing.HostileRegistry;
import dev.cip.registry.testing.HostileRegistry.Response;
import dev.cip.store.RegistryImageStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20.5: the plan never takes a tag list's word for a manifest. A listed staging tag whose manifest answers 404,
 * and a tag whose index names a platform manifest the registry does not serve, are reported as an inconsistent registry (naming
 * the registry, repository and tag), instead of being planned as RELEASE or BUILD new version.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InconsistentRegistryTest {
    private static final String STAGING = "1.0.0__cip-linux-amd64_linux-arm64";

    private static RegistryClient client() {
        return new RegistryClient(RegistryOptions.defaults().withMaxRetries(0)
                .withProbeTimeout(Duration.ofMillis(300)).withRequestTimeout(Duration.ofSeconds(5)));
    }

    @Test
    void aListedStagingTagWhoseManifestIsMissingIsAnInconsistentRegistryNotAStagedImage() {
        try (HostileRegistry reg = HostileRegistry.start(r -> r.path().equals("/v2/app/tags/list")
                ? Response.of(200, "{\"name\":\"app\",\"tags\":[\"0.9.0\",\"" + STAGING + "\"]}")
                .header("Content-Type", "application/json")
                : r.path().startsWith("/v2/app/manifests/") ? Response.status(404) : Response.of(200, "{}"));
             RegistryClient c = client()) {
            StagingAwareStore store = new StagingAwareStore(new RegistryImageStore(c, reg.address(), true),
                    new StagingReader(c, reg.address()));
            assertTrue(store.find("app", "1.0.0", true).isEmpty(), "the version is not released");
            RegistryException e = assertThrows(RegistryException.class, () -> store.staged("app", "1.0.0"));
            assertEquals("registry " + reg.address() + " is inconsistent: it lists the staging tag " + STAGING
                    + " of app, but its manifest answers 404; cip does not plan or release on a tag it cannot read "
                    + "(try again later; if it persists, check the registry's storage and caches, or delete the "
                    + "tag)", e.getMessage());
            assertTrue(reg.requests().stream().anyMatch(r -> r.path().equals("/v2/app/manifests/" + STAGING)),
                    "the listed tag was confirmed by a manifest read: " + reg.requests());
        }
    }

    @Test
    void aTagWhosePlatformManifestCannotBeReadIsAnInconsistentRegistryNotANewVersion() {
        String child = Digests.sha256("a platform manifest that is not there".getBytes(StandardCharsets.UTF_8));
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{"
                + "\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + child + "\",\"size\":100,"
                + "\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
        String digest = Digests.sha256(index.getBytes(StandardCharsets.UTF_8));
        try (HostileRegistry reg = HostileRegistry.start(r -> r.path().equals("/v2/app/manifests/1.0.0")
                ? Response.of(200, r.method().equals("HEAD") ? "" : index).header("Docker-Content-Digest", digest)
                .header("Content-Type", MediaTypes.OCI_INDEX)
                : r.path().startsWith("/v2/app/manifests/") ? Response.status(404) : Response.of(200, "{}"));
             RegistryClient c = client()) {
            RegistryImageStore store = new RegistryImageStore(c, reg.address(), true);
            RegistryException e = assertThrows(RegistryException.class, () -> store.find("app", "1.0.0", true));
            assertEquals("registry " + reg.address() + " is inconsistent: tag app:1.0.0 (" + digest + ") names a "
                    + "platform manifest that GET answers 404 for; cip does not plan on an image it cannot read (try "
                    + "again later; if it persists, check the registry's storage and caches)", e.getMessage());
            assertTrue(store.find("app", "1.0.0", false).isPresent(), "without details the HEAD is enough");
        }
    }
}
