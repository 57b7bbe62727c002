package dev.cip.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemporaryDockerConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void mergesCredentialsWithoutTouchingTheUsersConfig() throws Exception {
        Path user = Files.createDirectories(tmp.resolve("user/.docker"));
        Files.createDirectories(user.resolve("buildx/instances"));
        Files.writeString(user.resolve("buildx/instances/mybuilder"), "{}");
        String original = "{\n  \"auths\": {\"keep.example\": {\"auth\": \"a2VlcDprZWVw\"},"
                + " \"https://reg.example:5000\": {\"auth\": \"b2xkOm9sZA==\"}},\n"
                + "  \"credsStore\": \"desktop\",\n  \"credHelpers\": {\"gcr.example\": \"gcloud\"},\n"
                + "  \"currentContext\": \"colima\"\n}\n";
        Path userConfig = user.resolve("config.json");
        Files.writeString(userConfig, original);
        FileTime mtime = Files.getLastModifiedTime(userConfig);
        byte[] before = Files.readAllBytes(userConfig);

        Path dir;
        try (TemporaryDockerConfig t = TemporaryDockerConfig.create(user,
                Map.of("reg.example:5000", Credentials.basic("ci", "pa55"),
                        "tok.example", Credentials.identityToken("refresh-tok")), tmp)) {
            dir = t.directory();
            assertEquals(Map.of("DOCKER_CONFIG", dir.toString()), t.environment());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            Path cfg = dir.resolve("config.json");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cfg)));
            JsonNode n = JSON.readTree(cfg.toFile());
            assertEquals("desktop", n.path("credsStore").asText());
            assertEquals("colima", n.path("currentContext").asText());
            assertEquals("gcloud", n.path("credHelpers").path("gcr.example").asText());
            assertEquals("", n.path("credHelpers").path("reg.example:5000").asText("x"),
                    "the file entry must win over credsStore for the hosts we hand in");
            assertEquals("a2VlcDprZWVw", n.path("auths").path("keep.example").path("auth").asText());
            assertFalse(n.path("auths").has("https://reg.example:5000"), "the old entry is replaced");
            assertEquals("ci:pa55", new String(Base64.getDecoder().decode(
                    n.path("auths").path("reg.example:5000").path("auth").asText()), StandardCharsets.UTF_8));
            assertEquals("refresh-tok", n.path("auths").path("tok.example").path("identitytoken").asText());
            assertTrue(Files.isSymbolicLink(dir.resolve("buildx")), "buildx builders stay visible");
            assertTrue(Files.exists(dir.resolve("buildx/instances/mybuilder")));
            assertFalse(t.toString().contains("pa55"));

            // our own resolver reads it back the way the docker CLI would
            CredentialResolver r = CredentialResolver.builder().dockerConfigDir(dir).environment(Map.of()).build();
            assertEquals(Credentials.basic("ci", "pa55"), r.resolve("reg.example:5000").orElseThrow());
            assertEquals(Credentials.identityToken("refresh-tok"), r.resolve("tok.example").orElseThrow());
        }
        assertFalse(Files.exists(dir, LinkOption.NOFOLLOW_LINKS), "removed on close");
        assertArrayEquals(before, Files.readAllBytes(userConfig), "user's config is byte-identical");
        assertEquals(mtime, Files.getLastModifiedTime(userConfig));
        assertTrue(Files.exists(user.resolve("buildx/instances/mybuilder")), "links removed, never followed");
    }

    @Test
    void worksWithoutAUserConfigAndIsRemovedEvenAfterAFailure() throws Exception {
        Path dir;
        try (TemporaryDockerConfig t = TemporaryDockerConfig.create(tmp.resolve("missing"),
                Map.of("localhost:5000", Credentials.basic("u", "p")), tmp)) {
            dir = t.directory();
            JsonNode n = JSON.readTree(dir.resolve("config.json").toFile());
            assertTrue(n.path("auths").has("localhost:5000"));
            assertFalse(n.has("credHelpers"));
            throw new IllegalStateException("build failed");
        } catch (IllegalStateException expected) {
            // fine
        }
        try (var s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("cip-docker-config-")),
                    "nothing left behind");
        }
        // a user config that is not JSON: a clear error, nothing left behind
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(bad.resolve("config.json"), "[1,2]");
        try {
            TemporaryDockerConfig.create(bad, Map.of(), tmp).close();
            throw new AssertionError("expected a failure");
        } catch (java.io.UncheckedIOException e) {
            assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
        }
        try (var s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("cip-docker-config-")));
        }
    }

    @Test
    void aSigtermedRunRemovesItsDirectory() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                TemporaryDockerConfigChild.class.getName(), tmp.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            assertNotNull(line, "the child printed its directory");
            Path dir = Path.of(line);
            assertTrue(Files.exists(dir.resolve("config.json")), "the child's config exists while it runs");
            assertEquals(tmp, dir.getParent());

            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child ends on SIGTERM");
            assertNotEquals(0, child.exitValue());
            assertFalse(Files.exists(dir, LinkOption.NOFOLLOW_LINKS),
                    "a run stopped by SIGTERM leaves no credentials behind");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void staleDirectoriesOfKilledRunsAreSweptAndLiveOnesKept() throws Exception {
        // a run killed with SIGKILL: its owner file names a process that is gone
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
        Path killed = Files.createDirectory(tmp.resolve("cip-docker-config-111"));
        Files.writeString(killed.resolve("cip-owner"), gone.pid() + " 2020-01-01T00:00:00Z\n");
        Files.writeString(killed.resolve("config.json"), "{\"auths\":{\"x\":{\"auth\":\"c2VjcmV0\"}}}");
        // one from before owner files, a day old
        Path old = Files.createDirectory(tmp.resolve("cip-docker-config-222"));
        Files.writeString(old.resolve("config.json"), "{}");
        Files.setLastModifiedTime(old, FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(1))));
        // a run that is still going (this JVM): kept
        Path live = Files.createDirectory(tmp.resolve("cip-docker-config-333"));
        ProcessHandle me = ProcessHandle.current();
        Files.writeString(live.resolve("cip-owner"), me.pid() + " "
                + me.info().startInstant().map(Object::toString).orElse("-") + "\n");
        // a fresh one without owner file (being created right now by an older cip): kept
        Path fresh = Files.createDirectory(tmp.resolve("cip-docker-config-444"));
        // not ours by name: never touched
        Path other = Files.createDirectory(tmp.resolve("something-else"));
        Files.setLastModifiedTime(other, FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(9))));

        try (TemporaryDockerConfig t = TemporaryDockerConfig.create(null, Map.of(), tmp)) {
            assertTrue(Files.exists(t.directory()));
            assertFalse(Files.exists(killed), "the killed run's directory is swept");
            assertFalse(Files.exists(old), "an old directory without owner is swept");
            assertTrue(Files.exists(live.resolve("cip-owner")), "a live run's directory is kept");
            assertTrue(Files.exists(fresh), "a fresh directory is kept");
            assertTrue(Files.exists(other));
        }
    }

    @Test
    void theDirectoryGoesUnderXdgRuntimeDirWhenSet() throws Exception {
        assertEquals(tmp, TemporaryDockerConfig.defaultParent(Map.of("XDG_RUNTIME_DIR", tmp.toString())));
        Path sys = Path.of(System.getProperty("java.io.tmpdir"));
        assertEquals(sys, TemporaryDockerConfig.defaultParent(Map.of()));
        assertEquals(sys, TemporaryDockerConfig.defaultParent(Map.of("XDG_RUNTIME_DIR", "")));
        assertEquals(sys, TemporaryDockerConfig.defaultParent(Map.of("XDG_RUNTIME_DIR",
                tmp.resolve("missing").toString())));
    }
}
