package dev.cip.context;

import dev.cip.dockerfile.ReferenceExtractor;
import dev.cip.dockerfile.Substitution;
import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small Dockerfile whose global ARGs expand to gigabytes is refused with its file and line, never an OOM. */
class ExpansionBoundsTest {
    @TempDir
    Path root;

    /** {@code ARG A0=xxxxxxxxxx}, then {@code ARG Ai=${A(i-1)}${A(i-1)}} for i = 1..40, then {@code FROM ${A40}}. */
    static String doublingChain() {
        StringBuilder d = new StringBuilder("ARG A0=xxxxxxxxxx\n");
        for (int i = 1; i <= 40; i++) {
            d.append("ARG A").append(i).append("=${A").append(i - 1).append("}${A").append(i - 1).append("}\n");
        }
        return d.append("FROM ${A40}\n").toString();
    }

    /** {@code ${A}} five thousand times, twice over. */
    static String wideForm() {
        return "ARG A=xxxxxxxxxx\nARG B=" + "${A}".repeat(5_000) + "\nARG C=" + "${B}".repeat(5_000)
                + "\nFROM $C\n";
    }

    private Problem refused(String dockerfile) {
        ProjectFixture p = ProjectFixture.in(root).context("00-base", dockerfile, "{:version \"1.0.0\"}");
        InvalidProjectException e = assertThrows(InvalidProjectException.class, p::scan);
        assertEquals(1, e.problems().size(), e::getMessage);
        Problem problem = e.problems().get(0);
        assertEquals(p.dockerfile("00-base"), problem.file());
        return problem;
    }

    @Test
    void theDoublingChainIsRefusedAtTheFirstArgOverTheLimit() {
        Problem problem = refused(doublingChain());
        // A13 is 81,920 characters long, the first one over 65,536; it is line 14.
        assertEquals(14, problem.line(), problem::toString);
        assertTrue(problem.message().contains("has an ARG whose variables expand to more than "
                + Substitution.MAX_EXPANDED_LENGTH + " characters"), problem::toString);
    }

    @Test
    void theWideFormIsRefusedAtItsLine() {
        Problem problem = refused(wideForm());
        assertEquals(3, problem.line(), problem::toString);
        assertTrue(problem.message().contains(String.valueOf(Substitution.MAX_EXPANDED_LENGTH)), problem::toString);
    }

    @Test
    void manyValuesJustUnderTheLimitExhaustTheBudgetOfTheFile() {
        StringBuilder d = new StringBuilder("ARG A=" + "x".repeat(60_000) + "\n");
        for (int i = 0; i < 100; i++) {
            d.append("ARG B").append(i).append("=${A}\n");
        }
        Problem problem = refused(d.append("FROM alpine\n").toString());
        // 69 copies of 60,000 characters fit in 4 MiB, the 70th does not: ARG B69, line 71.
        assertEquals(71, problem.line(), problem::toString);
        assertTrue(problem.message().contains(Substitution.MAX_EXPANDED_TOTAL + " characters in all"),
                problem::toString);
    }

    @Test
    void valuesOfOrdinarySizeStillExpand() {
        Project project = ProjectFixture.in(root).context("00-base",
                "ARG BASE=debian\nARG TAG=12\nARG IMAGE=${BASE}:${TAG:-11}${NONE:+x}\nFROM ${IMAGE}\n",
                "{:version \"1.0.0\"}").scan();
        assertEquals("debian:12", new ReferenceExtractor().extract(project.contexts().get(0).dockerfile(), Map.of())
                .get(0).resolved());
    }

    /** The same two files in a JVM of 64 MiB: the problems, with file and line, and a normal exit. */
    @Test
    void aSmallHeapReportsBothFilesWithoutRunningOutOfMemory() throws IOException, InterruptedException {
        ProjectFixture.in(root)
                .context("00-chain", doublingChain(), "{:version \"1.0.0\"}")
                .context("01-wide", wideForm(), "{:version \"1.0.0\"}");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                ScanChild.class.getName(), root.toString()).redirectErrorStream(true).start();
        String out;
        try {
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child scan did not end");
            out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            child.destroyForcibly();
        }
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("00-chain/Dockerfile:14: has an ARG whose variables expand"), out);
        assertTrue(out.contains("01-wide/Dockerfile:3: has an ARG whose variables expand"), out);
    }

    /** Scans the directory given and prints the problems: run in a child JVM with a small heap. */
    public static final class ScanChild {
        public static void main(String[] args) {
            try {
                new ProjectScanner().scan(Path.of(args[0]));
                System.out.println("no problem");
            } catch (InvalidProjectException e) {
                e.problems().forEach(System.out::println);
            }
        }
    }
}
