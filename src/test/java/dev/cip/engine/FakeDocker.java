package dev.cip.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A {@code docker} stand-in for the probes: a POSIX shell script in a test directory. */
final class FakeDocker {
    private final Path executable;

    private FakeDocker(Path executable) {
        this.executable = executable;
    }

    static FakeDocker script(Path dir, String fileName, String script) {
        try {
            Files.createDirectories(dir);
            Path exe = dir.resolve(fileName);
            Files.writeString(exe, script, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new FakeDocker(exe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String executable() {
        return executable.toString();
    }
}
