package dev.cip.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BakeFileTest {

    /** Build arguments may be sensitive: the bake file is its owner's only, and replaced whole. */
    @Test
    void writesTheDefinitionOwnerOnlyAndReplacesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cip/bake.json");
        new BakeFile(Map.of(), Map.of()).write(file);
        BakeFile def = new BakeFile(Map.of("default", new BakeFile.Group(List.of("a"))), Map.of());
        def.write(file);

        assertEquals(def.toJson(), Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertEquals(List.of("bake.json"), s.map(p -> p.getFileName().toString()).toList());
        }
    }
}
