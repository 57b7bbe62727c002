package dev.cip.plan;

import dev.cip.failure.InvalidProjectInput;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DockerIgnoreTest {

    /** (patterns, path, excluded?) — expectations follow moby/patternmatcher's MatchesOrParentMatches. */
    static Stream<Arguments> table() {
        return Stream.of(
                // plain names and directories
                arguments(List.of("secret.txt"), "secret.txt", true),
                arguments(List.of("secret.txt"), "a/secret.txt", false),
                arguments(List.of("docs"), "docs", true),
                arguments(List.of("docs"), "docs/a/b.md", true),
                arguments(List.of("docs"), "docsx/a.md", false),
                arguments(List.of("docs/"), "docs/a.md", true),
                arguments(List.of("/docs"), "docs/a.md", true),
                arguments(List.of("./docs"), "docs/a.md", true),
                arguments(List.of("a//b/./c/"), "a/b/c/d", true),
                arguments(List.of("x/../docs"), "docs/a.md", true),
                arguments(List.of("a/b"), "a/b/c", true),
                arguments(List.of("a/b"), "a/c", false),
                // single-level wildcards
                arguments(List.of("*.tmp"), "a.tmp", true),
                arguments(List.of("*.tmp"), "d/a.tmp", false),
                arguments(List.of("*/*.tmp"), "d/a.tmp", true),
                arguments(List.of("*/*.tmp"), "d/e/a.tmp", false),
                arguments(List.of("a/*/c"), "a/b/c", true),
                arguments(List.of("a/*/c"), "a/b/x/c", false),
                arguments(List.of("a/*/c"), "a/b/c/d", true),
                arguments(List.of("?.txt"), "a.txt", true),
                arguments(List.of("?.txt"), "ab.txt", false),
                arguments(List.of("?"), "a/b", true),
                arguments(List.of("*"), "anything/at/all", true),
                // ** any number of directories
                arguments(List.of("**/*.tmp"), "a.tmp", true),
                arguments(List.of("**/*.tmp"), "d/e/f/a.tmp", true),
                arguments(List.of("**/*.tmp"), "d/a.tmpx", false),
                arguments(List.of("**/node_modules"), "node_modules/x.js", true),
                arguments(List.of("**/node_modules"), "a/b/node_modules/x.js", true),
                arguments(List.of("**/node_modules"), "a/my_node_modules/x.js", false),
                arguments(List.of("a/**/c"), "a/c", true),
                arguments(List.of("a/**/c"), "a/b/x/c", true),
                arguments(List.of("a/**/c"), "a/b/x/cd", false),
                arguments(List.of("foo/**"), "foo/x/y", true),
                arguments(List.of("foo/**"), "foo", false),
                arguments(List.of("**"), "x/y/z", true),
                arguments(List.of("**/"), "x", true),
                // character classes and escapes
                arguments(List.of("[abc].txt"), "b.txt", true),
                arguments(List.of("[abc].txt"), "d.txt", false),
                arguments(List.of("[^abc].txt"), "d.txt", true),
                arguments(List.of("[^abc].txt"), "a.txt", false),
                arguments(List.of("[a-c]*"), "bz", true),
                arguments(List.of("[a-c]*"), "z", false),
                arguments(List.of("[[]x"), "[x", true),
                arguments(List.of("[&&]x"), "&x", true),
                arguments(List.of("\\*"), "*", true),
                arguments(List.of("\\*"), "a", false),
                arguments(List.of("a.b"), "axb", false),
                arguments(List.of("a+b(c){d}$|"), "a+b(c){d}$|", true),
                // comments, blank lines, whitespace
                arguments(List.of("# a comment", "", "   ", "x"), "x", true),
                arguments(List.of("# x"), "# x", false),
                arguments(List.of("# x"), "x", false),
                arguments(List.of(" #x"), "#x", true),
                arguments(List.of("  spaced.txt  "), "spaced.txt", true),
                // exceptions: the last matching pattern wins
                arguments(List.of("*.md", "!README.md"), "README.md", false),
                arguments(List.of("*.md", "!README.md"), "CHANGES.md", true),
                arguments(List.of("!README.md", "*.md"), "README.md", true),
                arguments(List.of("*.md", "!README*.md", "README-secret.md"), "README-secret.md", true),
                arguments(List.of("*.md", "!README*.md", "README-secret.md"), "README-public.md", false),
                arguments(List.of("docs", "!docs/keep.md"), "docs/keep.md", false),
                arguments(List.of("docs", "!docs/keep.md"), "docs/other.md", true),
                arguments(List.of("docs", "! /docs/keep.md"), "docs/keep.md", false),
                arguments(List.of("*", "!src"), "src/main/A.java", false),
                arguments(List.of("*", "!src"), "target/A.class", true),
                // BuildKit evaluates directory by directory: "!foo" matched no directory on the way to foo/bar/baz
                // while it was excluded (patternmatcher's MatchesOrParentMatches alone would say false here)
                arguments(List.of("foo/bar", "!foo"), "foo/bar/baz", true),
                arguments(List.of("*", "!foo"), "foo/bar/baz", false),
                arguments(List.of("docs", "!**/keep.md"), "docs/a/keep.md", false),
                arguments(List.of("docs", "!docs/*/keep.md"), "docs/a/keep.md", false),
                arguments(List.of("docs", "!docs/*/keep.md"), "docs/a/b/keep.md", true),
                arguments(List.of("a", "!a/b", "a/b/c"), "a/b/c/d", true),
                arguments(List.of("a", "!a/b", "a/b/c"), "a/b/x", false),
                arguments(List.of("!a"), "a/b", false),
                arguments(List.of("**", "!Dockerfile", "!src/**"), "src/x/y", false),
                arguments(List.of("**", "!Dockerfile", "!src/**"), "lib/y", true),
                arguments(List.of("**foo"), "afoo", true),
                arguments(List.of("**/*.tmp", "!keep/**"), "keep/a/b.tmp", false),
                arguments(List.of("**/*.tmp", "!keep/**"), "other/b.tmp", true),
                // mixed wildcards, classes and anchors, as patternmatcher's regexp does them
                arguments(List.of("**/a/**/b"), "x/a/y/z/b", true),
                arguments(List.of("**/a/**/b"), "x/ay/z/b", false),
                arguments(List.of("a/**/b/**/c"), "a/b/c", true),
                arguments(List.of("a/**/b/**/c"), "a/x/b/y/z/c", true),
                arguments(List.of("a?c"), "a/c", false),
                arguments(List.of("*/**"), "x/y", true),
                arguments(List.of("x*y*z"), "xaaybbz", true),
                arguments(List.of("x*y*z"), "xaaybb/z", false),
                arguments(List.of("[^a]b"), "/b", true),
                arguments(List.of("d/[a-c\\]]*"), "d/]x", true),
                arguments(List.of("^a"), "a", false),
                arguments(List.of("^a"), "^a", true),
                arguments(List.of("a^b"), "a^b", true),
                arguments(List.of("a^*"), "a^x", false),
                arguments(List.of("^a*"), "ab", true),
                arguments(List.of("\u00e9*"), "\u00e9t\u00e9", true),
                arguments(List.of("?x"), "\ud83d\ude00x", true));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("table")
    void matcher(List<String> patterns, String path, boolean excluded) {
        assertEquals(excluded, DockerIgnore.of(patterns.toArray(String[]::new)).excludes(path));
    }

    @Test
    void cleanedPatternsKeepTheirOrder() {
        assertEquals(List.of("a/b", "!c", "d", "../e"),
                DockerIgnore.of("/a//b/", "# c", "! ./c", "d/.", "../e").patterns());
    }

    @Test
    void goCleanSemantics() {
        assertEquals(".", DockerIgnore.clean(""));
        assertEquals(".", DockerIgnore.clean("./"));
        assertEquals("/", DockerIgnore.clean("/.."));
        assertEquals("../../a", DockerIgnore.clean("../../a"));
        assertEquals("b", DockerIgnore.clean("a/../b"));
        assertEquals("/a/c", DockerIgnore.clean("//a/b/../c/"));
    }

    @Test
    void bomAndCrlfAreHandled() {
        DockerIgnore ignore = DockerIgnore.parse("\uFEFFfirst\r\nsecond\r\n");
        assertEquals(List.of("first", "second"), ignore.patterns());
    }

    @Test
    void malformedPatternsAreErrorsNamingTheLine() {
        InvalidProjectInput e = assertThrows(InvalidProjectInput.class, () -> DockerIgnore.of("ok", "[abc"));
        assertTrue(e.getMessage().contains(":2:"), e.getMessage());
        assertEquals(2, e.line().orElseThrow());
        assertThrows(InvalidProjectInput.class, () -> DockerIgnore.of("!"));
        assertThrows(InvalidProjectInput.class, () -> DockerIgnore.of("a\\"));
        assertThrows(InvalidProjectInput.class, () -> DockerIgnore.of("[]"));
        assertThrows(InvalidProjectInput.class, () -> DockerIgnore.of("[a-]"));
        assertThrows(InvalidProjectInput.class, () -> DockerIgnore.of("[z-a]"));
    }

    @Test
    void emptyAndMissing(@TempDir Path dir) throws IOException {
        assertTrue(DockerIgnore.read(dir).isEmpty());
        assertFalse(DockerIgnore.read(dir).excludes("anything"));
        Files.writeString(dir.resolve(".dockerignore"), "# only a comment\n\n");
        assertTrue(DockerIgnore.read(dir).isEmpty());
        Files.writeString(dir.resolve(".dockerignore"), "build\n!build/keep\n");
        DockerIgnore read = DockerIgnore.read(dir);
        assertEquals(List.of("build", "!build/keep"), read.patterns());
        assertTrue(read.hasExceptions());
    }

    @Test
    void directoriesSkippableOnlyWhenNoExceptionCanReachInside() {
        assertTrue(DockerIgnore.of("docs").excludesEverythingUnder("docs"));
        assertFalse(DockerIgnore.of("docs").excludesEverythingUnder("src"));
        assertFalse(DockerIgnore.of("docs", "!docs/keep.md").excludesEverythingUnder("docs"));
        assertFalse(DockerIgnore.of("docs", "!**/keep.md").excludesEverythingUnder("docs"));
        assertFalse(DockerIgnore.of("docs", "!docs/*/x").excludesEverythingUnder("docs"));
        assertTrue(DockerIgnore.of("docs", "!other/keep.md").excludesEverythingUnder("docs"));
        assertTrue(DockerIgnore.of("docs", "!docs").excludesEverythingUnder("docs/a") == false);
        assertTrue(DockerIgnore.of("a/b", "!a/b/c").excludesEverythingUnder("a/b/d"));
        assertFalse(DockerIgnore.of("a/b", "!a/b/c").excludesEverythingUnder("a/b"));
        // an exception naming the directory's parent was already taken into account by excludes()
        assertTrue(DockerIgnore.of("!a", "a/b").excludesEverythingUnder("a/b"));
    }

    @Test
    void matchingIsLinearNotBacktracking() {
        // a backtracking regex needs about 10 s for this one name; BuildKit's (Go's RE2) matcher is linear
        DockerIgnore ignore = DockerIgnore.of("*a*a*a*a*a*a*a*a*a*a*a*a*b");
        String name = "a".repeat(32);
        long start = System.nanoTime();
        assertFalse(ignore.excludes(name));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 1000, "took " + millis + " ms");
        assertTrue(ignore.excludes("a".repeat(40) + "b"));
    }
}
