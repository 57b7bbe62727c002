package dev.cip.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AtomicFilesTest {

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static void assumePosix(Path dir) {
    }

    @Test
    void writesReadableByAllReplacingTheFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        assumePosix(dir);
        Path file = dir.resolve("a/b/report.json");
        AtomicFiles.write(file, "one");
        AtomicFiles.write(file, "two ü");
        assertEquals("two ü", Files.readString(file));
        assertEquals("rw-r--r--", mode(file));
        assertEquals(List.of("report.json"), names(file.getParent()));
    }

    @Test
    void writesOwnerOnlyWhenAsked(@TempDir Path dir) throws Exception {
        assumePosix(dir);
        Path file = dir.resolve("bake.json");
        AtomicFiles.write(file, "readable");
        AtomicFiles.writeOwnerOnly(file, "secret");
        assertEquals("secret", Files.readString(file));
        assertEquals("rw-------", mode(file));
        assertEquals(List.of("bake.json"), names(dir));
    }
}
