package dev.cip.sign;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How cip calls cosign: offline flags, the password only in the environment, failures named per image. */
class CosignTest {
    @TempDir
    Path tmp;

    /** A stand-in cosign that records its arguments and password, and refuses images whose name holds "bad". */
    private Path fakeCosign() throws Exception {
        Path exe = tmp.resolve("cosign");
        Files.writeString(exe, """
                #!/bin/sh
                echo "$@" >> "%1$s/argv"
                echo "${COSIGN_PASSWORD:-none} ${DOCKER_CONFIG:-none}" >> "%1$s/env"
                case "$*" in *bad*) echo "Error: no matching signatures" >&2; exit 1;; esac
                exit 0
                """.formatted(tmp));
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwx------"));
        return exe;
    }

    @Test
    void signsOfflineWithThePasswordOnlyInTheEnvironment() throws Exception {
        Cosign cosign = new Cosign(new Cosign.Options(fakeCosign().toString(), "/keys/cosign.key",
                Optional.of("s3cret"), true, Map.of("DOCKER_CONFIG", "/tmp/cfg")));
        List<Cosign.Failure> failures = cosign.sign(List.of("localhost:5000/ns/base@sha256:aa",
                "localhost:5000/ns/bad@sha256:bb"));
        assertEquals(List.of("localhost:5000/ns/bad@sha256:bb"), failures.stream().map(Cosign.Failure::reference)
                .toList());
        assertTrue(failures.get(0).reason().contains("no matching signatures"), failures.toString());
        List<String> argv = Files.readAllLines(tmp.resolve("argv"));
        assertEquals("sign --yes --key /keys/cosign.key --tlog-upload=false --allow-http-registry "
                + "--allow-insecure-registry localhost:5000/ns/base@sha256:aa", argv.get(0));
        assertFalse(String.join("\n", argv).contains("s3cret"), "the password never reaches argv");
        assertEquals("s3cret /tmp/cfg", Files.readAllLines(tmp.resolve("env")).get(0));
        assertFalse(new Cosign.Options("cosign", "k", Optional.of("s3cret"), false, Map.of()).toString()
                .contains("s3cret"));
    }

    @Test
    void verifiesWithThePublicKeyIgnoringTheTransparencyLog() throws Exception {
        Cosign cosign = new Cosign(new Cosign.Options(fakeCosign().toString(), "/keys/cosign.pub",
                Optional.empty(), false, Map.of()));
        assertEquals(List.of(), cosign.verify(List.of("registry.example.com/team/app@sha256:cc")));
        assertEquals("verify --key /keys/cosign.pub --insecure-ignore-tlog=true registry.example.com/team/app@sha256:cc",
                Files.readAllLines(tmp.resolve("argv")).get(0));
    }

    @Test
    void aMissingCosignSaysHowToGetIt() {
        Cosign cosign = new Cosign(new Cosign.Options(tmp.resolve("no-such-cosign").toString(), "k",
                Optional.empty(), false, Map.of()));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> cosign.sign(List.of("r@sha256:aa")));
        assertTrue(e.getMessage().contains("install cosign"), e.getMessage());
    }
}
