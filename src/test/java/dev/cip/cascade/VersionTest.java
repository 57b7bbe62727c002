package dev.cip.cascade;

import dev.cip.failure.InvalidProjectInput;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersionTest {

    @ParameterizedTest
    @CsvSource({
            "2.0.9, patch, 2.0.10",
            "1.4.2, minor, 1.5.0",
            "1.4.2, major, 2.0.0",
            "1.4, patch, 1.5",
            "1.4, minor, 1.5",
            "1.4, major, 2.0",
            "7, patch, 8",
            "7, major, 8",
            "1.2.3.4, patch, 1.2.3.5",
            "1.2.3.4, minor, 1.3.0.0",
            "1.4.2-alpine, patch, 1.4.3-alpine",
            "1.4.2-alpine, minor, 1.5.0-alpine",
            "3.19.1-rc.1-slim, major, 4.0.0-rc.1-slim",
            "2024.01.5, patch, 2024.01.6",
            "2024.01.09, patch, 2024.01.10",
            "2024.09.30, minor, 2024.10.0",
            "2024.09.05, minor, 2024.10.00",
            "1.19.1, major, 2.0.0",
            "0.0.0, patch, 0.0.1",
    })
    void bumps(String from, String level, String to) {
        Version v = Version.parse(from).orElseThrow();
        assertEquals(from, v.toString());
        assertEquals(to, v.bump(BumpLevel.parse(level).orElseThrow()).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "v1.2.3", "1..2", "1.2.", ".1", "1.2-", "", "bookworm", "1.2.3_4",
            "1234567890123456789.0"})
    void rejectsShapesItCannotBump(String text) {
        assertEquals(Optional.empty(), Version.parse(text));
    }

    @Test
    void suffixIsEverythingFromTheFirstDash() {
        Version v = Version.parse("1.2.3-alpine-3.19").orElseThrow();
        assertEquals(List.of("1", "2", "3"), v.components());
        assertEquals("-alpine-3.19", v.suffix());
    }

    @Test
    void minorOfASingleComponentIsAnError() {
        Version v = Version.parse("7").orElseThrow();
        InvalidProjectInput e = assertThrows(InvalidProjectInput.class, () -> v.bump(BumpLevel.MINOR));
        assertTrue(e.getMessage().contains("no minor component"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> v.bump(BumpLevel.PARENT));
    }

    @ParameterizedTest
    @CsvSource({
            "1.0.0, 1.0.1, PATCH",
            "1.0.0, 1.1.0, MINOR",
            "1.0.0, 2.0.0, MAJOR",
            "1.9.9, 2.0.0, MAJOR",
            "1.4, 1.5, PATCH",
            "1.4, 2.0, MAJOR",
            "7, 8, PATCH",
            "1.2.3.4, 1.2.4.0, MINOR",
            "1.0.0-a, 1.0.1-b, PATCH",
    })
    void changeLevel(String from, String to, BumpLevel level) {
        assertEquals(Optional.of(level),
                Version.parse(from).orElseThrow().changeTo(Version.parse(to).orElseThrow()));
    }

    @Test
    void noChangeLevelWhenOnlyTheSuffixDiffers() {
        assertEquals(Optional.empty(),
                Version.parse("1.0.0-a").orElseThrow().changeTo(Version.parse("1.0.0-b").orElseThrow()));
    }

    @Test
    void comparesNumbersNotText() {
        assertTrue(Version.parse("2.0.10").orElseThrow().compareNumbers(Version.parse("2.0.9").orElseThrow()) > 0);
        assertTrue(Version.parse("1.2").orElseThrow().compareNumbers(Version.parse("1.2.0").orElseThrow()) == 0);
        assertTrue(Version.parse("1.2").orElseThrow().compareNumbers(Version.parse("1.2.1").orElseThrow()) < 0);
        assertTrue(Version.parse("01.2").orElseThrow().compareNumbers(Version.parse("1.2").orElseThrow()) == 0);
    }

    @Test
    void bumpLevelsParseInAnyCase() {
        assertEquals(Optional.of(BumpLevel.PARENT), BumpLevel.parse(" Parent "));
        assertEquals(Optional.empty(), BumpLevel.parse("micro"));
        assertEquals("patch, minor, major, parent", BumpLevel.names());
    }
}
