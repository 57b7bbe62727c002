package dev.cip.oci;

import dev.cip.failure.InvalidSetting;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformTest {

    private static String canonical(String value) {
        return Platform.parse(value).toString();
    }

    @Test
    void spellingsOfOnePlatformAreOnePlatform() {
        assertEquals(Platform.parse("linux/arm64"), Platform.parse("linux/arm64/v8"));
        assertEquals("linux/arm64", canonical("linux/arm64/v8"));
        assertEquals("linux/arm64", canonical("linux/aarch64"));
        assertEquals("linux/amd64", canonical("linux/x86_64"));
        assertEquals("linux/amd64", canonical("linux/x86-64"));
        assertEquals("linux/amd64", canonical("linux/amd64/v1"));
        assertEquals("linux/amd64/v3", canonical("linux/amd64/v3"));
        assertEquals("linux/arm/v7", canonical("linux/armhf"));
        assertEquals("linux/arm/v7", canonical("linux/arm"));
        assertEquals("linux/arm/v7", canonical("linux/arm/7"));
        assertEquals("linux/arm/v6", canonical("linux/armel"));
        assertEquals("linux/arm/v6", canonical("linux/arm/v6"));
        assertEquals("linux/386", canonical("linux/i386"));
        assertNotEquals(Platform.parse("linux/arm/v6"), Platform.parse("linux/arm/v7"));
    }

    @Test
    void unknownValuesAreNamed() {
        InvalidSetting arch = assertThrows(InvalidSetting.class,
                () -> Platform.parse("linux/amd65"));
        assertTrue(arch.getMessage().contains("'linux/amd65'") && arch.getMessage().contains("architecture 'amd65'")
                && arch.getMessage().contains("arm64"), arch.getMessage());
        InvalidSetting os = assertThrows(InvalidSetting.class,
                () -> Platform.parse("linuks/amd64"));
        assertTrue(os.getMessage().contains("operating system 'linuks'"), os.getMessage());
        for (String bad : new String[]{"amd64", "linux/", "/amd64", "linux/amd64/", "linux/arm/v7/x", "Linux/AMD64",
                "linux/amd64 ", "", "linux,amd64"}) {
            InvalidSetting e = assertThrows(InvalidSetting.class, () -> Platform.parse(bad),
                    bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void whatARegistryReportsIsReadWithoutJudging() {
        assertTrue(Platform.parseAny("unknown/unknown").isUnknown());
        assertEquals("linux/arm64", Platform.parseAny("Linux/ARM64/v8").toString());
        assertEquals(new Platform("linux", "arm64", ""), new Platform("linux", "aarch64", "8"));
    }

    @Test
    void setsCompareWhateverTheOrderAndSpelling() {
        List<Platform> a = Platform.parseAll(List.of("linux/amd64", "linux/arm64/v8"));
        List<Platform> b = Platform.parseAll(List.of("linux/aarch64", "linux/x86_64", "linux/arm64"));
        assertEquals(a, b);
        assertEquals("linux/amd64,linux/arm64", Platform.join(a, ","));
    }
}
