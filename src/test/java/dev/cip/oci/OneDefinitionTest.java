package dev.cip.oci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Values with one meaning are written once, in {@code oci}; the other classes refer to that constant. String constants
 * are inlined by the compiler, so this reads the sources.
 */
class OneDefinitionTest {

    private static final Path SOURCES = Path.of("src/main/java");

    @ParameterizedTest
    @CsvSource({
            "\"latest\", dev/cip/oci/Tags.java",
            "\"dev.cip.fingerprint\", dev/cip/oci/Labels.java",
            "'[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}', dev/cip/oci/Names.java",
            "'[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*', dev/cip/oci/Names.java",
            "'[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+', dev/cip/oci/Names.java"})
    void isWrittenOnceInOci(String literal, String home) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains(literal)) {
                        found.add(SOURCES.relativize(f).toString().replace('\\', '/') + ":" + (i + 1));
                    }
                }
            }
        }
        assertEquals(1, found.size(), literal + " is written in " + found);
        assertEquals(home, found.get(0).substring(0, found.get(0).indexOf(':')), literal + " is written in " + found);
    }

    /** {@code Tags.LATEST} and the reserved marker are used where needed, never copied into another constant. */
    @Test
    void noOtherClassRenamesTheseConstants() throws IOException {
        Pattern alias = Pattern.compile("static final String \\w+ = (dev\\.cip\\.oci\\.)?Tags\\.\\w+;");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (alias.matcher(lines.get(i)).find()) {
                        found.add(SOURCES.relativize(f) + ":" + (i + 1));
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
