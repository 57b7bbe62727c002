package dev.cip.release;

import dev.cip.failure.InvalidProjectInput;
import dev.cip.failure.InvalidSetting;
import dev.cip.oci.Tags;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StagingTagTest {

    @Test
    void slugIsTheSortedPlatformsJoined() {
        assertEquals("1.2.3__cip-linux-amd64_linux-arm64",
                StagingTag.of("1.2.3", List.of("linux/arm64", "linux/amd64")).tag());
        assertEquals("1.2.3__cip-linux-arm64", StagingTag.of("1.2.3", List.of("linux/arm64")).tag());
        assertEquals("2.0-slim__cip-linux-arm-v7_linux-arm64",
                StagingTag.of("2.0-slim", List.of("linux/arm64", "linux/arm/v7")).tag());
    }

    @Test
    void equalPlatformSetsGiveOneTag() {
        String a = StagingTag.of("1.0", List.of("linux/amd64", "linux/arm64/v8")).tag();
        String b = StagingTag.of("1.0", List.of("linux/arm64", "linux/amd64", "linux/amd64")).tag();
        assertEquals(a, b);
        assertEquals("1.0__cip-linux-amd64_linux-arm64", a);
    }

    @Test
    void parsesItsOwnTagsBack() {
        StagingTag t = StagingTag.of("1.4.0", List.of("linux/arm64", "linux/amd64", "linux/arm/v7"));
        StagingTag back = StagingTag.parse(t.tag()).orElseThrow();
        assertEquals("1.4.0", back.version());
        assertEquals(List.of("linux/amd64", "linux/arm/v7", "linux/arm64"), back.platformNames());
        assertEquals(t, back);
        assertTrue(back.stages("1.4.0"));
        assertFalse(back.stages("1.4"));
    }

    @Test
    void aVersionWithUnderscoresAndDashesParsesBack() {
        StagingTag t = StagingTag.of("1_2-x__y", List.of("linux/amd64"));
        assertEquals("1_2-x__y", StagingTag.parse(t.tag()).orElseThrow().version());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "latest", "1.2.3__cip-", "__cip-linux-amd64", "1.2.3__cip-linux",
            "1.2.3__cip-Linux-amd64", "1.2.3__cip-linux-arm64_linux-amd64", "1.2.3__cip-linux-amd64_",
            "1.2.3__cip-linux-amd64-v1-x", "1.2.3__cip-hXYZ", "1.0__cip-linux-arm64-v8"})
    void otherTagsAreNotStagingTags(String tag) {
        assertFalse(StagingTag.isStaging(tag), tag);
    }

    @Test
    void aTooLongTagGetsAHashedSlug() {
        String version = "1." + "0".repeat(100);
        List<String> platforms = List.of("linux/amd64", "linux/arm64", "linux/arm/v7", "linux/ppc64le");
        StagingTag t = StagingTag.of(version, platforms);
        assertTrue(t.tag().length() <= 128, t.tag());
        assertTrue(t.tag().matches(java.util.regex.Pattern.quote(version) + "__cip-h[0-9a-f]{12}"), t.tag());
        StagingTag back = StagingTag.parse(t.tag()).orElseThrow();
        assertEquals(version, back.version());
        assertTrue(back.hashed());
        // the hash depends on the platform set only, not its order
        assertEquals(t.tag(), StagingTag.of(version, List.of("linux/ppc64le", "linux/arm/v7", "linux/arm64",
                "linux/amd64")).tag());
        assertFalse(t.tag().equals(StagingTag.of(version, List.of("linux/amd64", "linux/arm64", "linux/arm/v7",
                "linux/s390x")).tag()));
    }

    @Test
    void aTagOfExactly128CharactersKeepsItsPlatforms() {
        String slug = "linux-amd64_linux-arm64";
        List<String> platforms = List.of("linux/amd64", "linux/arm64");
        String version = "v" + "1".repeat(128 - 1 - Tags.RESERVED_MARKER.length() - slug.length());
        StagingTag t = StagingTag.of(version, platforms);
        assertEquals(128, t.tag().length());
        assertEquals(platforms, StagingTag.parse(t.tag()).orElseThrow().platformNames());
        StagingTag longer = StagingTag.of(version + "1", platforms);
        assertTrue(longer.hashed());
        assertEquals(version + "1", StagingTag.parse(longer.tag()).orElseThrow().version());
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StagingTag.of("1.0", List.of()))
                .getMessage().contains("at least one platform"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> StagingTag.of("1.0__cip-x", List.of("linux/amd64"))).getMessage().contains("reserved"));
        assertTrue(assertThrows(InvalidSetting.class,
                () -> StagingTag.of("1.0", List.of("linux/AMD64"))).getMessage().contains("linux/AMD64"));
        assertThrows(InvalidSetting.class, () -> StagingTag.of("1.0", List.of("linux")));
        assertThrows(IllegalArgumentException.class, () -> StagingTag.of("/1.0", List.of("linux/amd64")));
        assertThrows(InvalidProjectInput.class, () -> StagingTag.of("1" + "0".repeat(127),
                List.of("linux/amd64")));
    }
}
