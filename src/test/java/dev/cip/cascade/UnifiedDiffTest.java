package dev.cip.cascade;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnifiedDiffTest {
    @TempDir
    Path dir;

    @Test
    void oneChangedLineWithContext() {
        String a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        String b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        assertEquals("""
                --- a/f
                +++ b/f
                @@ -2,7 +2,7 @@
                 2
                 3
                 4
                -5
                +five
                 6
                 7
                 8
                """, UnifiedDiff.render("a/f", "b/f", a, b));
    }

    @Test
    void distantChangesMakeTwoHunksCloseOnesOne() {
        StringBuilder a = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            a.append(i).append('\n');
        }
        String b = a.toString().replace("\n2\n", "\ntwo\n").replace("\n18\n", "\neighteen\n");
        String diff = UnifiedDiff.render("a/f", "b/f", a.toString(), b);
        assertTrue(diff.contains("@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n"), diff);
        assertTrue(diff.contains("@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+eighteen\n 19\n 20\n"), diff);
        String close = a.toString().replace("\n2\n", "\ntwo\n").replace("\n7\n", "\nseven\n");
        assertEquals(1, UnifiedDiff.render("a/f", "b/f", a.toString(), close).split("@@ -", -1).length - 1);
    }

    @Test
    void missingFinalNewlineIsMarked() {
        assertEquals("""
                --- a/f
                +++ b/f
                @@ -1 +1 @@
                -{:version "1.0.0"}
                \\ No newline at end of file
                +{:version "1.0.1"}
                \\ No newline at end of file
                """, UnifiedDiff.render("a/f", "b/f", "{:version \"1.0.0\"}", "{:version \"1.0.1\"}"));
    }

    @Test
    void crlfIsKept() {
        String diff = UnifiedDiff.render("a/f", "b/f", "x\r\nFROM a:1\r\n", "x\r\nFROM a:2\r\n");
        assertEquals("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n x\r\n-FROM a:1\r\n+FROM a:2\r\n", diff);
    }

    @Test
    void insertionsAndDeletions() {
        String diff = UnifiedDiff.render("a/f", "b/f", "a\nb\nc\n", "a\nc\nd\n");
        assertEquals("--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n c\n+d\n", diff);
        assertEquals("--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n", UnifiedDiff.render("a/f", "b/f", "", "a\n"));
        assertEquals("", UnifiedDiff.render("a/f", "b/f", "same", "same"));
    }

    /** The dry-run diff of a cascade, applied with git, gives exactly what the cascade writes. */
    @Test
    void theCascadeDiffAppliesToTheSameResult() throws Exception {
        Path project = dir.resolve("p");
        Fixture p = new Fixture(project)
                .simple("00-a", "1.0.1", null, null)
                .context("01-b", "# c\r\nARG REGISTRY\r\nFROM ${REGISTRY}/a:1.0.0 AS x\r\nRUN true",
                        ";; b\n{:version \"2.0.0\"\n :platforms [\"linux/amd64\"]}")
                .simple("02-c", "3.0.0", "b", "2.0.0");
        CascadePlan plan = p.plan(BumpLevel.PATCH);
        String diff = UnifiedDiff.render(project, plan.changes());
        assertTrue(diff.startsWith("--- a/contexts/01-b/Dockerfile\n+++ b/contexts/01-b/Dockerfile\n"), diff);
        Map<String, String> before = Fixture.text(p.snapshot());

        Path copy = dir.resolve("copy");
        copyTree(project, copy);
        Path patch = dir.resolve("cascade.diff");
        Files.writeString(patch, diff, StandardCharsets.UTF_8);
        Process git = new ProcessBuilder("git", "apply", "--whitespace=nowarn", patch.toString())
                .directory(copy.toFile()).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(git.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, git.exitValue(), out);

        assertEquals(before, Fixture.text(p.snapshot())); // rendering wrote nothing
        p.cascade(BumpLevel.PATCH);
        assertEquals(Fixture.text(p.snapshot()), Fixture.text(new Fixture(copy).snapshot()));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path src : walk.toList()) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst);
                }
            }
        }
    }
}
