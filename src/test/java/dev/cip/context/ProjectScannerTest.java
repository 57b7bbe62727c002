package dev.cip.context;

import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static dev.cip.testing.ProjectFixture.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProjectScannerTest {
    @TempDir
    Path root;

    private InvalidProjectException invalid(ProjectFixture p) {
        return assertThrows(InvalidProjectException.class, p::scan);
    }

    private static Problem only(InvalidProjectException e) {
        assertEquals(1, e.problems().size(), e::getMessage);
        return e.problems().get(0);
    }

    @Test
    void discoversContextsInSortedOrderWithImageNamesAndPrefixes() {
        ProjectFixture p = ProjectFixture.in(root)
                .image("02-java-dev", "1.0.0")
                .image("00-debian-slim", "12.5")
                .image("01-base-dev", "2.0.0")
                .image("tools", "0.1")
                .image("10-late", "1")
                .image("007-0-x", "1");
        Project project = p.scan();
        assertEquals(List.of("00-debian-slim", "007-0-x", "01-base-dev", "02-java-dev", "10-late", "tools"),
                project.contexts().stream().map(Context::directoryName).toList());
        assertEquals(List.of("debian-slim", "0-x", "base-dev", "java-dev", "late", "tools"),
                project.contexts().stream().map(Context::imageName).toList(), "one leading prefix only");
        Context slim = project.context("debian-slim").orElseThrow();
        assertEquals(OptionalInt.of(0), slim.prefix());
        assertEquals("12.5", slim.version());
        assertEquals(p.dir("00-debian-slim"), slim.directory());
        assertEquals(p.dockerfile("00-debian-slim"), slim.dockerfilePath());
        assertEquals(p.info("00-debian-slim"), slim.infoPath());
        assertEquals(OptionalInt.of(7), project.context("0-x").orElseThrow().prefix());
        assertEquals(OptionalInt.of(10), project.context("late").orElseThrow().prefix());
        assertEquals(OptionalInt.empty(), project.context("tools").orElseThrow().prefix());
        assertTrue(project.warnings().isEmpty());
        assertEquals(root, project.directory());
    }

    @Test
    void hiddenDirectoriesAndPlainFilesAreIgnored() {
        ProjectFixture p = ProjectFixture.in(root)
                .image("00-base", "1.0.0")
                .directory("contexts/.git")
                .file("contexts/.cache/junk", "x")
                .file("contexts/README.md", "# contexts")
                .file("contexts/05-not-a-dir", "x");
        assertEquals(List.of("base"), p.scan().contexts().stream().map(Context::imageName).toList());
    }

    @Test
    void otherFilesInAContextAreFine() {
        ProjectFixture p = ProjectFixture.in(root)
                .image("00-base", "1.0.0")
                .file("contexts/00-base/README.md", "x")
                .file("contexts/00-base/etc/conf", "x");
        assertEquals(1, p.scan().contexts().size());
    }

    @Test
    void missingContextsDirectory() {
        Problem problem = only(invalid(ProjectFixture.bare(root)));
        assertEquals(root.resolve("contexts"), problem.file());
        assertTrue(problem.message().contains("does not exist"), problem.message());
        assertEquals(java.util.Optional.of(new Problem.Fix(Setting.PROJECT_DIR,
                "to the directory that holds contexts/")), problem.fix());
        assertTrue(problem.toString().endsWith("(set the project directory to the directory that holds contexts/)"),
                problem.toString());
    }

    @Test
    void emptyContextsDirectory() {
        Problem problem = only(invalid(ProjectFixture.in(root).directory("contexts/.hidden")
                .file("contexts/README.md", "x")));
        assertEquals(root.resolve("contexts"), problem.file());
        assertTrue(problem.message().contains("holds no context directories"), problem.message());
    }

    @Test
    void missingDockerfile() {
        ProjectFixture p = ProjectFixture.in(root).context("00-base", null, version("1"));
        Problem problem = only(invalid(p));
        assertEquals(p.dockerfile("00-base"), problem.file());
        assertTrue(problem.message().contains("is missing"));
    }

    @Test
    void missingInfoEdn() {
        ProjectFixture p = ProjectFixture.in(root).context("00-base", "FROM scratch\n", null);
        Problem problem = only(invalid(p));
        assertEquals(p.info("00-base"), problem.file());
        assertTrue(problem.message().contains("is missing"));
    }

    @Test
    void dockerfileWithoutFrom() {
        ProjectFixture p = ProjectFixture.in(root).context("00-base", "# nothing\nRUN true\n", version("1"));
        Problem problem = only(invalid(p));
        assertEquals(p.dockerfile("00-base"), problem.file());
        assertTrue(problem.message().contains("no FROM"));
    }

    @Test
    void dockerfileSyntaxProblemsCarryTheirLine() {
        ProjectFixture p = ProjectFixture.in(root).context("00-base", "FROM scratch\nRUN <<EOF\necho\n",
                version("1"));
        Problem problem = only(invalid(p));
        assertEquals(p.dockerfile("00-base"), problem.file());
        assertEquals(2, problem.line());
    }

    @Test
    void upperCaseAndOtherInvalidImageNames() {
        ProjectFixture p = ProjectFixture.in(root)
                .image("00-Base", "1")
                .image("01-", "1")
                .image("02-a--b", "1")
                .image("03-a_b", "1")
                .image("04-a..b", "1")
                .image("05-_a", "1");
        InvalidProjectException e = invalid(p);
        List<Path> files = e.problems().stream().map(Problem::file).toList();
        assertEquals(List.of(p.dir("00-Base"), p.dir("01-"), p.dir("04-a..b"), p.dir("05-_a")), files,
                e.getMessage());
        assertTrue(e.problems().get(0).message().contains("'Base'"), e.getMessage());
    }

    @Test
    void duplicateImageNamesNameBothDirectories() {
        ProjectFixture p = ProjectFixture.in(root).image("01-app", "1").image("02-app", "2").image("app", "3");
        InvalidProjectException e = invalid(p);
        assertEquals(2, e.problems().size(), e.getMessage());
        Problem first = e.problems().get(0);
        assertEquals(p.dir("02-app"), first.file());
        assertTrue(first.message().contains("'app'") && first.message().contains(p.dir("01-app").toString()),
                first.message());
        assertEquals(p.dir("app"), e.problems().get(1).file());
    }

    @Test
    void duplicateImageNamesAreReportedEvenWhenOneOfThemIsOtherwiseInvalid() {
        ProjectFixture p = ProjectFixture.in(root)
                .context("01-app", "FROM scratch\n", "{:version 1}")
                .image("02-app", "2");
        InvalidProjectException e = invalid(p);
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().stream().anyMatch(pr -> pr.message().contains("'app'")), e.getMessage());
    }

    @Test
    void unknownKeysAreAWarningNamingThemOnce() {
        ProjectFixture p = ProjectFixture.in(root)
                .context("00-base", "FROM scratch\n", "{:version \"1\" :maintainer \"me\" :notes []}");
        Project project = p.scan();
        assertEquals(1, project.warnings().size());
        Problem w = project.warnings().get(0);
        assertEquals(p.info("00-base"), w.file());
        assertTrue(w.message().contains(":maintainer, :notes"), w.message());
    }

    @Test
    void everyProblemOfEveryContextIsReportedTogether() {
        ProjectFixture p = ProjectFixture.in(root)
                .image("00-ok", "1.0.0")
                .context("01-no-docker", null, version("1"))
                .context("02-no-info", "FROM scratch\n", null)
                .context("03-bad-edn", "FROM scratch\n", "{:version \"1\"\n :platforms [\n")
                .context("04-not-map", "FROM scratch\n", "[1 2]")
                .context("05-two", "FROM scratch\n", "{:version \"1\"}\n{:version \"2\"}")
                .context("06-empty", "FROM scratch\n", "")
                .context("07-no-version", "FROM scratch\n", "{:platforms [\"linux/amd64\"]}")
                .context("08-num-version", "FROM scratch\n", "{:version 1.0}")
                .context("09-bad-chars", "FROM scratch\n", version("1.0 beta"))
                .context("10-dash", "FROM scratch\n", version("-1"))
                .context("11-dot", "FROM scratch\n", version(".1"))
                .context("12-plat-string", "FROM scratch\n", "{:version \"1\" :platforms \"linux/amd64\"}")
                .context("13-plat-bad", "FROM scratch\n", "{:version \"1\" :platforms [\"linux/amd64\" 64]}")
                .context("14-args", "FROM scratch\n", "{:version \"1\" :build-args [\"A\" \"1\"]}")
                .image("15-Upper", "1")
                .context("16-nothing", null, null);
        InvalidProjectException e = invalid(p);
        List<Path> expected = List.of(
                p.dockerfile("01-no-docker"),
                p.info("02-no-info"),
                p.info("03-bad-edn"),
                p.info("04-not-map"),
                p.info("05-two"),
                p.info("06-empty"),
                p.info("07-no-version"),
                p.info("08-num-version"),
                p.info("09-bad-chars"),
                p.info("10-dash"),
                p.info("11-dot"),
                p.info("12-plat-string"),
                p.info("13-plat-bad"),
                p.info("14-args"),
                p.dir("15-Upper"),
                p.dockerfile("16-nothing"),
                p.info("16-nothing"));
        assertEquals(expected, e.problems().stream().map(Problem::file).toList(), e.getMessage());
        Problem badEdn = e.problems().get(2);
        assertEquals(3, badEdn.line(), badEdn.toString());
        assertTrue(e.getMessage().startsWith("The project has 17 problems"), e.getMessage());
        for (Problem problem : e.problems()) {
            assertTrue(e.getMessage().contains(problem.toString()), "message lists " + problem);
        }
        assertTrue(e.getMessage().contains(p.info("03-bad-edn") + ":3: "), e.getMessage());
    }

    @Test
    void problemRendering() {
        Path f = Path.of("contexts", "a", "info.edn");
        assertEquals(f + ":4: bad", Problem.at(f, 4, "bad").toString());
        assertEquals(f + ": bad", Problem.at(f, "bad").toString());
        assertEquals("The project has 1 problem; nothing was built or changed:\n  - " + f + ": bad",
                new InvalidProjectException(Problem.at(f, "bad")).getMessage());
    }

    // ---- hostile sizes: a clear problem with file and line, quickly, never a StackOverflowError -----------------

    @Test
    void aDeeplyNestedInfoEdnIsAProblemNamingFileAndLine() {
        String deep = "{:version \"1\"\n :x " + "{:a ".repeat(20_000) + "1" + "}".repeat(20_000) + "}\n";
        ProjectFixture p = ProjectFixture.in(root).context("00-base", "FROM scratch\n", deep);
        Problem problem = only(invalid(p));
        assertEquals(p.info("00-base"), problem.file());
        assertEquals(2, problem.line());
        assertTrue(problem.message().contains("nested more than"), problem.message());
    }

    @Test
    void aDeeplyNestedVariableInADockerfileIsAProblemNamingFileAndLine() {
        String deep = "FROM scratch\nFROM ${A:-".repeat(1) + "${A:-".repeat(50_000) + "x" + "}".repeat(50_001)
                + "\n";
        ProjectFixture p = ProjectFixture.in(root).context("00-base", deep, version("1"));
        long start = System.nanoTime();
        Problem problem = only(invalid(p));
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused quickly");
        assertEquals(p.dockerfile("00-base"), problem.file());
        assertEquals(2, problem.line());
        assertTrue(problem.message().contains("nested more than"), problem.message());
    }

    @Test
    void aMillionDigitNumberInInfoEdnIsRefusedQuickly() {
        String huge = "{:version \"1\"\n\n :n " + "9".repeat(1_000_000) + "N}\n";
        ProjectFixture p = ProjectFixture.in(root).context("00-base", "FROM scratch\n", huge);
        long start = System.nanoTime();
        Problem problem = only(invalid(p));
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused quickly");
        assertEquals(p.info("00-base"), problem.file());
        assertEquals(3, problem.line());
        assertTrue(problem.message().contains("number"), problem.message());
    }

    @Test
    void longChainsOfTagsAndDiscardsAreProblemsToo() {
        for (String prefix : List.of("#_ ", "#my/tag ")) {
            String deep = "{:version \"1\"\n :x " + prefix.repeat(20_000) + "1 " + "2 ".repeat(20_000) + "}\n";
            ProjectFixture p = ProjectFixture.in(root.resolve(prefix.strip().replace('/', '-')))
                    .context("00-base", "FROM scratch\n", deep);
            Problem problem = only(invalid(p));
            assertEquals(p.info("00-base"), problem.file());
            assertEquals(2, problem.line(), problem.toString());
        }
    }
}
