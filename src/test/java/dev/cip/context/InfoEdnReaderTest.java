package dev.cip.context;

import dev.cip.oci.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoEdnReaderTest {
    @TempDir
    Path dir;

    private final InfoEdnReader reader = new InfoEdnReader();

    private InfoEdnReader.Reading read(String text) throws IOException {
        Path file = dir.resolve("info.edn");
        Files.writeString(file, text);
        return reader.read(file);
    }

    private ImageInfo valid(String text) throws IOException {
        InfoEdnReader.Reading r = read(text);
        assertEquals(List.of(), r.problems(), "problems of " + text);
        return r.info().orElseThrow();
    }

    /** The single problem of an invalid file; it names the file. */
    private Problem problem(String text) throws IOException {
        InfoEdnReader.Reading r = read(text);
        assertTrue(r.info().isEmpty(), "no info for invalid " + text);
        assertEquals(1, r.problems().size(), () -> "one problem expected: " + r.problems());
        Problem p = r.problems().get(0);
        assertEquals(dir.resolve("info.edn"), p.file());
        return p;
    }

    @Test
    void readsAllKnownKeysWithCommentsAndAnyLayout() throws IOException {
        ImageInfo info = valid("""
                ; the image of the base
                {:version   "1.4.0-rc1" ; the tag
                 :platforms ["linux/amd64"
                             "linux/arm64/v8"]
                 :build-args {"B" "2", "A" "1"}}
                """);
        assertEquals("1.4.0-rc1", info.version());
        assertEquals(Optional.of(List.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"))), info.platforms());
        assertEquals(Map.of("B", "2", "A", "1"), info.buildArgs());
        assertEquals(List.of("B", "A"), List.copyOf(info.buildArgs().keySet()), "file order kept");
        assertTrue(info.unknownKeys().isEmpty());
    }

    @Test
    void minimalFileHasNoPlatformsNorBuildArgs() throws IOException {
        ImageInfo info = valid("{:version \"1\"}");
        assertEquals("1", info.version());
        assertEquals(Optional.empty(), info.platforms());
        assertTrue(info.buildArgs().isEmpty());
    }

    @Test
    void unknownKeysAreKeptAsWarningMaterialInFileOrder() throws IOException {
        ImageInfo info = valid("{:version \"1.0.0\" :zeta 1 :maintainer \"me\" :alpha [1 2]}");
        assertEquals(List.of(":zeta", ":maintainer", ":alpha"), List.copyOf(info.unknownKeys()));
    }

    @Test
    void extraTagsAreReadInFileOrderAndAreNotUnknownKeys() throws IOException {
        ImageInfo info = valid("{:version \"2.1.0\" :tags [\"stable\" \"2\"]}");
        assertEquals(List.of("stable", "2"), info.tags());
        assertTrue(info.unknownKeys().isEmpty());
        assertEquals(List.of(), valid("{:version \"1\"}").tags());
        // the run's extra tags come after the image's own, each once, never the version itself nor latest
        assertEquals(List.of("stable", "2", "abc1234"), info.extraTags(List.of("2", "abc1234", "2.1.0", "latest")));
    }

    @Test
    void aBadExtraTagIsAnErrorNamingTheFileAndTheTag() throws IOException {
        assertTrue(problem("{:version \"1\" :tags [\"-x\"]}").message()
                .contains(":tags: \"-x\" is not a valid image tag"));
        assertTrue(problem("{:version \"1\" :tags [\"1__cip-linux-amd64\"]}").message().contains("reserved"));
        assertTrue(problem("{:version \"1\" :tags [\"latest\"]}").message().contains("\"latest\""));
        assertTrue(problem("{:version \"1\" :tags \"stable\"}").message()
                .contains(":tags must be a vector of strings such as [\"stable\"]"));
        assertTrue(problem("{:version \"1\" :tags [2]}").message().contains("not a string"));
        assertTrue(problem("{:version \"1\" :tags [\"1\"]}").message().contains("the :version itself"));
        assertTrue(problem("{:version \"1\" :tags [\"a\" \"a\"]}").message().contains("twice"));
        // a released version never moves: an extra tag shaped like a dotted version is refused, a single number
        // (a build number, an all-digit git sha, a moving major tag) is not
        for (String versionLike : List.of("1.0.0", "1.0", "3.19.1-alpine", "2024.01")) {
            assertTrue(problem("{:version \"2.0.0\" :tags [\"" + versionLike + "\"]}").message()
                    .contains(":tags: \"" + versionLike + "\" looks like a version: a released version never moves"),
                    versionLike);
        }
        assertEquals(List.of("20", "1234567", "v1.0.0", "1.0.x"), valid("{:version \"2.0.0\" :tags [\"20\""
                + " \"1234567\" \"v1.0.0\" \"1.0.x\"]}").tags());
    }

    @Test
    void emptyFile() throws IOException {
        assertTrue(problem("").message().contains("is empty"));
        assertTrue(problem("  \n ; only a comment\n").message().contains("is empty"));
    }

    @Test
    void malformedEdnReportsTheLine() throws IOException {
        Problem p = problem("{:version \"1.0.0\"\n :platforms [\"linux/amd64\"\n}\n");
        assertTrue(p.message().contains("not valid EDN"), p.message());
        assertEquals(3, p.line(), p.toString());
        assertTrue(p.toString().contains("info.edn:3:"), p.toString());
    }

    @Test
    void unterminatedMapReportsALine() throws IOException {
        Problem p = problem("; header\n{:version \"1.0.0\"\n");
        assertTrue(p.message().contains("not valid EDN"), p.message());
        assertTrue(p.line() >= 2, p.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{:version}",
            "{:version \"1\" :version \"2\"}",
            "\"unterminated",
            "{:version \"1\"}}",
            ")",
            "#{1 1}",
            "#unknown/tag {:version \"1\"}",
            "{:version \"1\" :x #_}",
            "{:version \"\\q\"}",
            "{:version 1.2.3}",
    })
    void anyMalformedEdnIsOneProblemNotACrash(String text) throws IOException {
        Problem p = problem(text);
        assertFalse(p.message().isBlank());
    }

    @Test
    void notAMap() throws IOException {
        assertTrue(problem("[:version \"1\"]").message().contains("must hold an EDN map"));
        assertTrue(problem("\"1.0.0\"").message().contains("not a string"));
        assertTrue(problem("nil").message().contains("must hold an EDN map"));
    }

    @Test
    void moreThanOneValueNamesTheLine() throws IOException {
        Problem p = problem("{:version \"1.0.0\"}\n{:version \"2.0.0\"}\n");
        assertTrue(p.message().contains("more than one EDN value"), p.message());
        assertTrue(p.line() >= 1);
        assertTrue(problem("{:version \"1.0.0\"} :extra").message().contains("more than one"));
    }

    @Test
    void versionMissing() throws IOException {
        assertTrue(problem("{:platforms [\"linux/amd64\"]}").message().contains("has no :version"));
    }

    @Test
    void versionNotAString() throws IOException {
        assertTrue(problem("{:version 1}").message().contains(":version must be a string"));
        assertTrue(problem("{:version :one}").message().contains(":version must be a string"));
        assertTrue(problem("{\"version\" \"1.0.0\"}").message().contains("has no :version"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1.0", ".1.0", "1.0 beta", "1/0", "v1:0", "--output=/etc", "1.0+build", "é1"})
    void invalidTags(String tag) throws IOException {
        Problem p = problem("{:version \"" + tag + "\"}");
        assertTrue(p.message().contains("is not a valid image tag"), p.message());
        assertTrue(p.message().contains("\"" + tag + "\""), "names the value: " + p.message());
    }

    @Test
    void tagLengthLimit() throws IOException {
        valid("{:version \"" + "a".repeat(128) + "\"}");
        assertTrue(problem("{:version \"" + "a".repeat(129) + "\"}").message().contains("not a valid image tag"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "1", "_x", "1.0.0-SNAPSHOT", "2024.01.02_3", "Latest"})
    void validTags(String tag) throws IOException {
        assertEquals(tag, valid("{:version \"" + tag + "\"}").version());
    }

    @Test
    void platformsAsAStringIsAnErrorNotASplit() throws IOException {
        Problem p = problem("{:version \"1\" :platforms \"linux/amd64,linux/arm64\"}");
        assertTrue(p.message().contains(":platforms must be a vector"), p.message());
    }

    @Test
    void platformsWithANonPlatform() throws IOException {
        assertTrue(problem("{:version \"1\" :platforms [\"linux/amd64\" \"amd64\"]}").message()
                .contains("'amd64'"));
        String amd65 = problem("{:version \"1\" :platforms [\"linux/amd65\"]}").message();
        assertTrue(amd65.contains("'linux/amd65'") && amd65.contains("unknown architecture 'amd65'"), amd65);
        String twice = problem("{:version \"1\" :platforms [\"linux/arm64\" \"linux/aarch64\"]}").message();
        assertTrue(twice.contains("linux/arm64 twice") && twice.contains("\"linux/aarch64\""), twice);
        assertTrue(problem("{:version \"1\" :platforms [\"linux/amd64\" :linux/arm64]}").message()
                .contains("not a platform"));
        assertTrue(problem("{:version \"1\" :platforms [\"Linux/AMD64\"]}").message().contains("not a platform"));
        assertTrue(problem("{:version \"1\" :platforms []}").message().contains("empty"));
        assertTrue(problem("{:version \"1\" :platforms [\"linux/amd64\" \"linux/amd64\"]}").message()
                .contains("twice"));
        assertTrue(problem("{:version \"1\" :platforms {\"linux/amd64\" 1}}").message()
                .contains("must be a vector"));
    }

    @Test
    void buildArgsMustBeAMapOfStrings() throws IOException {
        assertTrue(problem("{:version \"1\" :build-args [\"A\" \"1\"]}").message()
                .contains(":build-args must be a map"));
        assertTrue(problem("{:version \"1\" :build-args \"A=1\"}").message().contains(":build-args must be a map"));
        assertTrue(problem("{:version \"1\" :build-args {\"A\" 1}}").message().contains("must be a string"));
        assertTrue(problem("{:version \"1\" :build-args {:A \"1\"}}").message().contains("key"));
        assertTrue(problem("{:version \"1\" :build-args {\"A-B\" \"1\"}}").message().contains("key"));
    }

    @Test
    void everyProblemOfOneFileIsReported() throws IOException {
        InfoEdnReader.Reading r = read("{:version \"-x\" :platforms \"linux/amd64\" :build-args []}");
        assertEquals(3, r.problems().size(), r.problems().toString());
        assertTrue(r.info().isEmpty());
    }

    @Test
    void byteOrderMarkIsIgnored() throws IOException {
        assertEquals("1.0.0", valid("\uFEFF{:version \"1.0.0\"}\n").version());
    }

    @Test
    void notUtf8() throws IOException {
        Path file = dir.resolve("info.edn");
        Files.write(file, new byte[]{'{', ':', 'v', (byte) 0xff, '}'});
        InfoEdnReader.Reading r = reader.read(file);
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).message().contains("UTF-8"));
    }

    @Test
    void unreadableFile() {
        InfoEdnReader.Reading r = reader.read(dir.resolve("missing.edn"));
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).message().contains("cannot be read"));
    }

    @Test
    void valueErrorsCarryTheLineOfTheirKeyAndANearMissKeySaysWhichItMeant() throws IOException {
        InfoEdnReader.Reading r = read("""
                ; base image
                {:versoin "1.0.0"
                 :platforms ["linux/amd65"]
                 :tags
                   ["1.0.0"]
                 :build-args {"A" 1}}
                """);
        List<String> described = r.problems().stream().map(Problem::toString).toList();
        Path file = dir.resolve("info.edn");
        assertEquals(List.of(
                file + ":2: :versoin is not a key of info.edn; did you mean :version?",
                file + ":3: :platforms: 'linux/amd65' is not a platform: unknown architecture 'amd65'",
                file + ":6: :build-args value of \"A\" must be a string, not a number (1)",
                file + ":4: :tags: \"1.0.0\" looks like a version"),
                described.stream().map(d -> d.contains("(known") ? d.substring(0, d.indexOf(" (known")) : d)
                        .map(d -> d.contains(" looks like a version") ? d.substring(0, d.indexOf(":", d.indexOf(
                                " looks like a version"))) : d).toList(), described.toString());
        // a key that is no near miss stays a warning of the scan, not an error
        assertEquals(Set.of(":owner"), valid("{:version \"1\" :owner \"me\"}").unknownKeys());
    }
}
