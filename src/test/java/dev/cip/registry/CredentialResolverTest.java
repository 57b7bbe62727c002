package dev.cip.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialResolverTest {
    @TempDir
    Path tmp;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes());
    }

    private CredentialResolver resolver(String configJson, Map<String, String> env) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "dc");
        Files.writeString(dir.resolve("config.json"), configJson);
        return CredentialResolver.builder().dockerConfigDir(dir).environment(env).build();
    }

    @Test
    void authsKeyFormsAndEntryKinds() throws Exception {
        CredentialResolver r = resolver("{\"auths\":{"
                + "\"a.example\":{\"auth\":\"" + b64("ua:pa") + "\"},"
                + "\"https://b.example\":{\"auth\":\"" + b64("ub:p:b") + "\"},"
                + "\"https://c.example/v1/\":{\"identitytoken\":\"idt\"},"
                + "\"d.example:5000\":{\"username\":\"ud\",\"password\":\"pd\"},"
                + "\"e.example\":{}}}", Map.of());
        assertEquals(Optional.of(Credentials.basic("ua", "pa")), r.resolve("a.example"));
        assertEquals(Optional.of(Credentials.basic("ub", "p:b")), r.resolve("b.example"));
        assertEquals(Optional.of(Credentials.identityToken("idt")), r.resolve("c.example"));
        assertEquals(Optional.of(Credentials.basic("ud", "pd")), r.resolve("d.example:5000/team/images"));
        assertEquals(Optional.empty(), r.resolve("e.example"));
        assertEquals(Optional.empty(), r.resolve("f.example"));
    }

    @Test
    void dockerHubCredentialsAreFoundUnderTheNameDockerLoginGivesThem() throws Exception {
        CredentialResolver r = resolver("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
                + b64("hub:pw") + "\"}}}", Map.of());
        assertEquals(Optional.of(Credentials.basic("hub", "pw")), r.resolve("registry-1.docker.io"));
        assertEquals(Optional.empty(), r.resolve("ghcr.io"));

        Path bin = Files.createTempDirectory(tmp, "hub");
        Path helper = bin.resolve("docker-credential-hub");
        Files.writeString(helper, "#!/bin/sh\nread host\nprintf '{\"Username\":\"u\",\"Secret\":\"%s\"}' \"$host\"\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        CredentialResolver store = resolver("{\"credsStore\":\"hub\"}", Map.of("PATH", bin.toString()));
        assertEquals(Optional.of(Credentials.basic("u", "https://index.docker.io/v1/")),
                store.resolve("registry-1.docker.io"));
    }

    @Test
    void helperTokenUsernameMeansIdentityTokenAndFailuresAreClear() throws Exception {
        Path bin = Files.createTempDirectory(tmp, "bin");
        Path ok = bin.resolve("docker-credential-tok");
        Files.writeString(ok, "#!/bin/sh\nread host\nprintf '{\"Username\":\"<token>\",\"Secret\":\"rt-%s\"}' \"$host\"\n");
        Path broken = bin.resolve("docker-credential-broken");
        Files.writeString(broken, "#!/bin/sh\necho 'keychain locked' >&2\nexit 3\n");
        for (Path p : new Path[] {ok, broken}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        }
        Map<String, String> env = Map.of("PATH", bin.toString());
        CredentialResolver r = resolver("{\"credHelpers\":{\"t.example\":\"tok\",\"b.example\":\"broken\"}}", env);
        assertEquals(Optional.of(Credentials.identityToken("rt-t.example")), r.resolve("t.example"));
        RegistryException e = assertThrows(RegistryException.class, () -> r.resolve("b.example"));
        assertEquals(RegistryException.Kind.LOCAL, e.kind());
        assertTrue(e.getMessage().contains("docker-credential-broken failed for b.example (exit 3): keychain locked"),
                e.getMessage());
    }

    @Test
    void aHelperThatHangsIsStoppedAndItsTextIsCleaned() throws Exception {
        Path bin = Files.createTempDirectory(tmp, "bin");
        Path slow = bin.resolve("docker-credential-slow");
        Files.writeString(slow, "#!/bin/sh\nsleep 30\n");
        Path loud = bin.resolve("docker-credential-loud");
        Files.writeString(loud, "#!/bin/sh\nprintf 'bad\\n[INFO] BUILD SUCCESS\\033[31m\\n' >&2\nexit 2\n");
        for (Path p : new Path[] {slow, loud}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        }
        Path dir = Files.createTempDirectory(tmp, "dc");
        Files.writeString(dir.resolve("config.json"),
                "{\"credHelpers\":{\"s.example\":\"slow\",\"l.example\":\"loud\"}}");
        CredentialResolver r = CredentialResolver.builder().dockerConfigDir(dir)
                .environment(Map.of("PATH", bin + ":/usr/bin:/bin")).helperTimeout(java.time.Duration.ofSeconds(1))
                .build();
        long t0 = System.nanoTime();
        RegistryException e = assertThrows(RegistryException.class, () -> r.resolve("s.example"));
        assertTrue(e.getMessage().contains("docker-credential-slow did not answer within 1 s for s.example"),
                e.getMessage());
        assertTrue(System.nanoTime() - t0 < 15_000_000_000L, "stopped at the timeout");
        RegistryException loudly = assertThrows(RegistryException.class, () -> r.resolve("l.example"));
        assertTrue(loudly.getMessage().endsWith("(exit 2): bad [INFO] BUILD SUCCESS"), loudly.getMessage());
        assertFalse(loudly.getMessage().chars().anyMatch(Character::isISOControl), loudly.getMessage());
    }

    @Test
    void explicitWinsAndMissingConfigIsFine() {
        CredentialResolver r = CredentialResolver.builder()
                .explicit(Map.of("x.example", Credentials.basic("u", "p")))
                .dockerConfigDir(tmp.resolve("nothing-here")).environment(Map.of()).build();
        assertEquals(Optional.of(Credentials.basic("u", "p")), r.resolve("x.example"));
        assertEquals(Optional.empty(), r.resolve("y.example"));
        assertFalse(r.toString().contains("p\""));
    }

    @Test
    void defaultConfigDirComesFromTheEnvironment() {
        assertEquals(Path.of("/cfg"), CredentialResolver.builder()
                .environment(Map.of("DOCKER_CONFIG", "/cfg", "HOME", "/home/x")).build().dockerConfigDir());
        assertEquals(Path.of("/home/x/.docker"), CredentialResolver.builder()
                .environment(Map.of("HOME", "/home/x")).build().dockerConfigDir());
    }
}
