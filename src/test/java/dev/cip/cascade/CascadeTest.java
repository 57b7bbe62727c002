package dev.cip.cascade;

import dev.cip.context.InvalidProjectException;
import dev.cip.context.Problem;
import dev.cip.context.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CascadeTest {
    @TempDir
    Path dir;

    private Fixture project() {
        return new Fixture(dir);
    }

    @Test
    void chainOfFiveIsCascadedInOneRun() {
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .simple("01-b", "2.0.0", "a", "1.0.0")
                .simple("02-c", "3.0.9", "b", "2.0.0")
                .simple("03-d", "4.1.0", "c", "3.0.9")
                .simple("04-e", "5.0.0-alpine", "d", "4.1.0");

        CascadePlan plan = p.cascade(BumpLevel.PATCH);

        assertEquals(List.of(
                "b 2.0.0 → 2.0.1 (a 1.0.0 → 1.0.1)",
                "c 3.0.9 → 3.0.10 (b 2.0.0 → 2.0.1)",
                "d 4.1.0 → 4.1.1 (c 3.0.9 → 3.0.10)",
                "e 5.0.0-alpine → 5.0.1-alpine (d 4.1.0 → 4.1.1)"), plan.summary());
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/a:1.0.1\nCOPY . /\n", p.read("01-b", "Dockerfile"));
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/b:2.0.1\nCOPY . /\n", p.read("02-c", "Dockerfile"));
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/c:3.0.10\nCOPY . /\n", p.read("03-d", "Dockerfile"));
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/d:4.1.1\nCOPY . /\n", p.read("04-e", "Dockerfile"));
        assertEquals("{:version \"2.0.1\"}\n", p.read("01-b", "info.edn"));
        assertEquals("{:version \"3.0.10\"}\n", p.read("02-c", "info.edn"));
        assertEquals("{:version \"4.1.1\"}\n", p.read("03-d", "info.edn"));
        assertEquals("{:version \"5.0.1-alpine\"}\n", p.read("04-e", "info.edn"));
        assertEquals("{:version \"1.0.1\"}\n", p.read("00-a", "info.edn"));
        assertEquals("FROM scratch\nCOPY . /\n", p.read("00-a", "Dockerfile"));
        assertEquals(8, plan.changes().size()); // four Dockerfiles, four info.edn
    }

    @Test
    void secondRunChangesNothing() {
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .simple("01-b", "2.0.0", "a", "1.0.0")
                .simple("02-c", "3.0.0", "b", "2.0.0");
        p.cascade(BumpLevel.PATCH);
        Map<String, byte[]> after = p.snapshot();

        CascadePlan again = p.cascade(BumpLevel.PATCH);

        assertTrue(again.isEmpty());
        assertEquals(List.of(), again.summary());
        assertEquals(Fixture.text(after), Fixture.text(p.snapshot()));
    }

    @Test
    void nothingToDoWhenEveryReferenceIsCurrent() {
        Fixture p = project()
                .simple("00-a", "1.0.0", null, null)
                .simple("01-b", "2.0.0", "a", "1.0.0");
        assertTrue(p.plan(BumpLevel.PATCH).isEmpty());
    }

    @Test
    void everyReferenceFormIsRewrittenAndEveryOtherByteKept() {
        String child = "# syntax=docker/dockerfile:1\r\n"
                + "# escape=\\\r\n"
                + "ARG REGISTRY=localhost:5000\r\n"
                + "# FROM ${REGISTRY}/a:1.0.0 in a comment stays\r\n"
                + "from   --platform=$BUILDPLATFORM ${REGISTRY}/a:1.0.0   as Build\r\n"
                + "RUN --mount=type=bind,from=$REGISTRY/a:1.0.0,target=/m \\\r\n"
                + "    cp /m/x /x\r\n"
                + "FROM \\\r\n"
                + "  ${REGISTRY:-localhost:5000}/a:1.0.0\r\n"
                + "Copy --chown=1:1 --from=localhost:5000/a:1.0.0 /a /a\r\n"
                + "COPY --from=Build /x /x\r\n"
                + "FROM debian:1.0.0 AS other\r\n"
                + "FROM ${REGISTRY}/a:latest AS floating\r\n"
                + "LABEL version=\"a:1.0.0\"";
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .context("01-b", child, "{:version \"2.0.0\"}");

        CascadePlan plan = p.cascade(BumpLevel.PATCH);

        String expected = child
                .replace("${REGISTRY}/a:1.0.0   as", "${REGISTRY}/a:1.0.1   as")
                .replace("from=$REGISTRY/a:1.0.0,", "from=$REGISTRY/a:1.0.1,")
                .replace("localhost:5000}/a:1.0.0\r\n", "localhost:5000}/a:1.0.1\r\n")
                .replace("--from=localhost:5000/a:1.0.0 ", "--from=localhost:5000/a:1.0.1 ");
        assertEquals(expected, p.read("01-b", "Dockerfile"));
        assertEquals(4, expected.split("a:1\\.0\\.1", -1).length - 1);
        assertEquals("{:version \"2.0.1\"}", p.read("01-b", "info.edn"));
        assertEquals(List.of("b 2.0.0 → 2.0.1 (a 1.0.0 → 1.0.1)"), plan.summary());
    }

    @Test
    void byteOrderMarksAndTabsAreKept() {
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .context("01-b", "\uFEFFARG REGISTRY\nFROM\t${REGISTRY}/a:1.0.0\tAS\tb\n", "\uFEFF{:version \"2.0.0\"}");

        p.cascade(BumpLevel.PATCH);

        assertEquals("\uFEFFARG REGISTRY\nFROM\t${REGISTRY}/a:1.0.1\tAS\tb\n", p.read("01-b", "Dockerfile"));
        assertEquals("\uFEFF{:version \"2.0.1\"}", p.read("01-b", "info.edn"));
    }

    @Test
    void aChildOfSeveralChangedParentsIsRaisedOnce() {
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .simple("00-b", "7.1", null, null)
                .context("01-c", "ARG REGISTRY\nFROM ${REGISTRY}/a:1.0.0\nCOPY --from=${REGISTRY}/b:7.0 /b /b\n",
                        "{:version \"0.9.0\"}\n");

        CascadePlan plan = p.cascade(BumpLevel.PATCH);

        assertEquals(List.of("c 0.9.0 → 0.9.1 (a 1.0.0 → 1.0.1, b 7.0 → 7.1)"), plan.summary());
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/a:1.0.1\nCOPY --from=${REGISTRY}/b:7.1 /b /b\n",
                p.read("01-c", "Dockerfile"));
        assertEquals("{:version \"0.9.1\"}\n", p.read("01-c", "info.edn"));
    }

    @Test
    void diamondRaisesTheBottomOnceAndPointsItAtBothNewVersions() {
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .simple("01-b", "1.0.0", "a", "1.0.0")
                .simple("01-c", "1.0.0", "a", "1.0.0")
                .context("02-d", "ARG REGISTRY\nFROM ${REGISTRY}/b:1.0.0\nCOPY --from=${REGISTRY}/c:1.0.0 / /\n",
                        "{:version \"1.0.0\"}\n");

        CascadePlan plan = p.cascade(BumpLevel.PATCH);

        assertEquals(List.of(
                "b 1.0.0 → 1.0.1 (a 1.0.0 → 1.0.1)",
                "c 1.0.0 → 1.0.1 (a 1.0.0 → 1.0.1)",
                "d 1.0.0 → 1.0.1 (b 1.0.0 → 1.0.1, c 1.0.0 → 1.0.1)"), plan.summary());
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/b:1.0.1\nCOPY --from=${REGISTRY}/c:1.0.1 / /\n",
                p.read("02-d", "Dockerfile"));
        assertEquals("{:version \"1.0.1\"}\n", p.read("02-d", "info.edn"));
    }

    @Test
    void onlyDescendantsOfTheChangeAreTouched() {
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .simple("00-z", "1.0.0", null, null)
                .simple("01-b", "1.0.0", "a", "1.0.0")
                .simple("01-y", "1.0.0", "z", "1.0.0");
        Map<String, byte[]> before = p.snapshot();

        p.cascade(BumpLevel.PATCH);

        Map<String, String> after = Fixture.text(p.snapshot());
        Map<String, String> was = Fixture.text(before);
        for (String f : List.of("contexts/00-z/Dockerfile", "contexts/00-z/info.edn", "contexts/01-y/Dockerfile",
                "contexts/01-y/info.edn", "contexts/00-a/Dockerfile", "contexts/00-a/info.edn")) {
            assertEquals(was.get(f), after.get(f), f);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "PATCH, 1.0.0, 1.0.1, 2.3.4, 2.3.5, 9.9.9, 9.9.10",
            "MINOR, 1.0.0, 1.0.1, 2.3.4, 2.4.0, 9.9.9, 9.10.0",
            "MAJOR, 1.0.0, 1.0.1, 2.3.4, 3.0.0, 9.9.9, 10.0.0",
            "PARENT, 1.0.0, 1.0.1, 2.3.4, 2.3.5, 9.9.9, 9.9.10",
            "PARENT, 1.0.0, 1.1.0, 2.3.4, 2.4.0, 9.9.9, 9.10.0",
            "PARENT, 1.0.0, 2.0.0, 2.3.4, 3.0.0, 9.9.9, 10.0.0",
            "PARENT, 1.0.0, 1.2.0, 2.3.4, 2.4.0, 9.9.9, 9.10.0",
    })
    void bumpLevels(BumpLevel level, String rootWas, String rootIs, String child, String childNew, String grand,
                    String grandNew) {
        Fixture p = project()
                .simple("00-a", rootIs, null, null)
                .simple("01-b", child, "a", rootWas)
                .simple("02-c", grand, "b", child);

        p.cascade(level);

        assertEquals("{:version \"" + childNew + "\"}\n", p.read("01-b", "info.edn"));
        assertEquals("{:version \"" + grandNew + "\"}\n", p.read("02-c", "info.edn"));
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/b:" + childNew + "\nCOPY . /\n", p.read("02-c", "Dockerfile"));
    }

    @Test
    void parentLevelTakesTheHighestChangeAmongParents() {
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .simple("00-b", "3.0.0", null, null)
                .context("01-c", "ARG REGISTRY\nFROM ${REGISTRY}/a:1.0.0\nCOPY --from=${REGISTRY}/b:2.5.0 / /\n",
                        "{:version \"4.4.4\"}\n");

        CascadePlan plan = p.cascade(BumpLevel.PARENT);

        assertEquals("{:version \"5.0.0\"}\n", p.read("01-c", "info.edn"));
        assertEquals(BumpLevel.MAJOR, plan.bumps().get(0).level());
    }

    @Test
    void bumpImageRaisesThatImageFirstThenCascades() {
        Fixture p = project()
                .context("00-debian-slim", "FROM scratch\n", ";; root\n{:version \"12.1.0\" ; the base\n}\n")
                .simple("01-base-dev", "2.0.0", "debian-slim", "12.1.0")
                .simple("02-java-dev", "1.4.2", "base-dev", "2.0.0");

        CascadePlan plan = p.cascade(CascadeOptions.of(BumpLevel.MINOR, Fixture.REGISTRY)
                .withBumpImage("debian-slim"));

        // cip.bump applies to the named image; its descendants get the smallest raise that keeps the order
        assertEquals(List.of(
                "debian-slim 12.1.0 → 12.2.0 (requested, minor)",
                "base-dev 2.0.0 → 2.0.1 (debian-slim 12.1.0 → 12.2.0)",
                "java-dev 1.4.2 → 1.4.3 (base-dev 2.0.0 → 2.0.1)"), plan.summary());
        assertEquals(";; root\n{:version \"12.2.0\" ; the base\n}\n", p.read("00-debian-slim", "info.edn"));
        assertEquals("FROM scratch\n", p.read("00-debian-slim", "Dockerfile"));
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/base-dev:2.0.1\nCOPY . /\n", p.read("02-java-dev", "Dockerfile"));
        // the bumped image's own change is only its info.edn
        assertEquals(p.file("00-debian-slim", "info.edn"), plan.changes().get(0).path());
    }

    @Test
    void bumpImageWithLevelParentMirrorsItsParentsOrPatchesAndTheRestMirrorIt() {
        Fixture p = project()
                .simple("00-a", "2.0.0", null, null)
                .simple("01-b", "1.4.2", "a", "1.0.0")
                .simple("02-c", "7.1", "b", "1.4.2");
        // b is named: its parent a moved 1.0.0 → 2.0.0 (major), so b is raised major, and c mirrors b's change
        CascadePlan plan = p.cascade(CascadeOptions.of(BumpLevel.PARENT, Fixture.REGISTRY).withBumpImage("b"));
        assertEquals(List.of("b 1.4.2 → 2.0.0 (requested, major, a 1.0.0 → 2.0.0)", "c 7.1 → 8.0 (b 1.4.2 → 2.0.0)"),
                plan.summary());

        // a named root has no parent that changed: a patch
        Fixture q = new Fixture(dir.resolve("q")).simple("00-a", "1.0.0", null, null)
                .simple("01-b", "2.0.0", "a", "1.0.0");
        assertEquals(List.of("a 1.0.0 → 1.0.1 (requested, patch)", "b 2.0.0 → 2.0.1 (a 1.0.0 → 1.0.1)"),
                q.cascade(CascadeOptions.of(BumpLevel.PARENT, Fixture.REGISTRY).withBumpImage("a")).summary());
    }

    @Test
    void anImageAlreadyRaisedSinceTheLastCommitIsNotRaisedAgain() {
        // base was 1.0.0 at the last commit; a first -Dcip.bumpImage=base raised it and cascaded to app
        Fixture p = project()
                .simple("00-base", "1.0.0", null, null)
                .simple("01-app", "2.0.0", "base", "1.0.0");
        Map<String, String> committed = Map.of("base", "1.0.0", "app", "2.0.0");
        CascadeOptions again = CascadeOptions.of(BumpLevel.PATCH, Fixture.REGISTRY).withBumpImage("base")
                .withBaseline(committed);
        assertEquals(List.of("base 1.0.0 → 1.0.1 (requested, patch)", "app 2.0.0 → 2.0.1 (base 1.0.0 → 1.0.1)"),
                p.cascade(again).summary());
        // the same command a second time changes nothing
        assertTrue(p.plan(again).isEmpty(), () -> p.plan(again).summary().toString());
        assertEquals("{:version \"1.0.1\"}\n", p.read("00-base", "info.edn"));

        // every image bumped by hand, then the cascade: only the references move, no image is raised twice
        Fixture q = new Fixture(dir.resolve("q"))
                .simple("00-base", "1.0.1", null, null)
                .simple("01-app", "2.0.1", "base", "1.0.0");
        CascadePlan plan = q.cascade(CascadeOptions.of(BumpLevel.PATCH, Fixture.REGISTRY).withBaseline(committed));
        assertEquals(List.of("app 2.0.1 kept, already raised since the last commit (base 1.0.0 → 1.0.1)"),
                plan.summary());
        assertEquals("{:version \"2.0.1\"}\n", q.read("01-app", "info.edn"));
        assertTrue(q.read("01-app", "Dockerfile").contains("/base:1.0.1"), q.read("01-app", "Dockerfile"));
        assertEquals(1, plan.changes().size(), "the Dockerfile only");

        // a higher level than the one already done counts from the last commit: 1.0.0 → 1.1.0, not 1.0.1 → 1.1.0
        // by accident or 1.0.1 → 1.0.2 twice
        Fixture r = new Fixture(dir.resolve("r")).simple("00-base", "1.0.1", null, null);
        assertEquals(List.of("base 1.0.1 → 1.1.0 (requested, minor)"), r.cascade(CascadeOptions.of(BumpLevel.MINOR,
                Fixture.REGISTRY).withBumpImage("base").withBaseline(Map.of("base", "1.0.0"))).summary());
    }

    @Test
    void bumpImageOfALeafRaisesOnlyIt() {
        Fixture p = project()
                .simple("00-a", "1.0.0", null, null)
                .simple("01-b", "2.0.0", "a", "1.0.0");
        CascadePlan plan = p.cascade(CascadeOptions.of(BumpLevel.PATCH, Fixture.REGISTRY).withBumpImage("b"));
        assertEquals(List.of("b 2.0.0 → 2.0.1 (requested, patch)"), plan.summary());
        assertEquals(List.of("b 2.0.0 → 2.0.1 (-Dimage, patch)"), plan.summary("-Dimage"));
        assertEquals(1, plan.changes().size());
    }

    @Test
    void latestAndUntaggedReferencesAreNeverRewritten() {
        String child = "ARG REGISTRY\nFROM ${REGISTRY}/a:latest\nCOPY --from=${REGISTRY}/a / /\n";
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .context("01-b", child, "{:version \"2.0.0\"}\n");
        assertTrue(p.plan(BumpLevel.PATCH).isEmpty());
    }

    @Test
    void infoEdnCommentsAndLayoutSurvive() {
        String info = ";; java-dev: the JDK image\r\n"
                + "{:platforms [\"linux/amd64\" \"linux/arm64\"] ; both\r\n"
                + " ;; :version \"0.0.0\" (old)\r\n"
                + " :version   \"1.4.2\"\r\n"
                + " :build-args {\"JDK\" \"21\"}}";
        Fixture p = project()
                .simple("00-base-dev", "2.0.1", null, null)
                .context("01-java-dev", "ARG REGISTRY\nFROM ${REGISTRY}/base-dev:2.0.0\n", info);

        CascadePlan plan = p.cascade(BumpLevel.PATCH);

        assertEquals(info.replace("\"1.4.2\"", "\"1.4.3\""), p.read("01-java-dev", "info.edn"));
        assertEquals(List.of("java-dev 1.4.2 → 1.4.3 (base-dev 2.0.0 → 2.0.1)"), plan.summary());
    }

    @Test
    void twoStaleReferencesToOneParentAreBothMovedAndCountOnce() {
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .context("01-b", "ARG REGISTRY\nFROM ${REGISTRY}/a:1.0.0\nCOPY --from=${REGISTRY}/a:0.9.0 / /\n",
                        "{:version \"2.0.0\"}\n");
        CascadePlan plan = p.cascade(BumpLevel.PARENT);
        assertEquals(List.of("b 2.0.0 → 3.0.0 (a 1.0.0/0.9.0 → 1.0.1)"), plan.summary()); // 0.9.0 → 1.0.1 is major
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/a:1.0.1\nCOPY --from=${REGISTRY}/a:1.0.1 / /\n",
                p.read("01-b", "Dockerfile"));
    }

    @Test
    void aParentWhoseVersionIsNotNumericIsStillFollowed() {
        Fixture p = project()
                .simple("00-a", "bookworm", null, null)
                .simple("01-b", "2.0.0", "a", "bullseye");
        CascadePlan plan = p.cascade(BumpLevel.PARENT);
        assertEquals(List.of("b 2.0.0 → 2.0.1 (a bullseye → bookworm)"), plan.summary());
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/a:bookworm\nCOPY . /\n", p.read("01-b", "Dockerfile"));
    }

    @Test
    void heredocBodiesAndOtherInstructionsAreNotReferences() {
        String child = "ARG REGISTRY\nFROM ${REGISTRY}/a:1.0.0\nRUN <<EOF\nFROM ${REGISTRY}/a:1.0.0\necho a:1.0.0\nEOF\n"
                + "ENV BASE=${REGISTRY}/a:1.0.0\nLABEL from=\"a:1.0.0\"\n";
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .context("01-b", child, "{:version \"2.0.0\"}\n");
        p.cascade(BumpLevel.PATCH);
        assertEquals(child.replaceFirst("a:1\\.0\\.0", "a:1.0.1"), p.read("01-b", "Dockerfile"));
    }

    @Test
    void aReferenceThatIsAlreadyCurrentIsLeftAlone() {
        // b was cascaded by hand; c still points at the old b
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .simple("01-b", "2.0.1", "a", "1.0.1")
                .simple("02-c", "3.0.0", "b", "2.0.0");
        CascadePlan plan = p.cascade(BumpLevel.PATCH);
        assertEquals(List.of("c 3.0.0 → 3.0.1 (b 2.0.0 → 2.0.1)"), plan.summary());
    }

    // ---- errors: each names the file, and nothing is written --------------------------------------------------

    private InvalidProjectException assertRefused(Fixture p, CascadeOptions options) {
        Map<String, String> before = Fixture.text(p.snapshot());
        InvalidProjectException e = assertThrows(InvalidProjectException.class, () -> p.cascade(options));
        assertEquals(before, Fixture.text(p.snapshot()));
        return e;
    }

    private InvalidProjectException assertRefused(Fixture p) {
        return assertRefused(p, CascadeOptions.of(BumpLevel.PATCH, Fixture.REGISTRY));
    }

    /** {:version "<version>"} with, on line 2, a vector 20,000 levels deep. */
    private static String deepInfo(String version) {
        return "{:version \"" + version + "\"\n :a " + "[".repeat(20_000) + "]".repeat(20_000) + "}\n";
    }

    @Test
    void aDeeplyNestedInfoEdnIsRefusedByTheScanNamingTheFile() {
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .context("01-b", "ARG REGISTRY\nFROM ${REGISTRY}/a:1.0.0\n", deepInfo("2.0.0"));
        InvalidProjectException e = assertRefused(p); // not a StackOverflowError
        Problem problem = e.problems().get(0);
        assertEquals(p.file("01-b", "info.edn"), problem.file(), e.getMessage());
        assertEquals(2, problem.line(), e.getMessage());
        assertTrue(problem.message().contains("nested more than 100 levels deep"), problem.message());
    }

    /** The editor reads info.edn again after the scan: a file changed in between is refused by the editor itself. */
    @Test
    void aDeeplyNestedInfoEdnWrittenAfterTheScanIsRefusedNamingTheFile() throws Exception {
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .simple("01-b", "2.0.0", "a", "1.0.0");
        var project = p.scan();
        Files.writeString(p.file("01-b", "info.edn"), deepInfo("2.0.0"));
        InvalidProjectException e = assertThrows(InvalidProjectException.class,
                () -> new Cascade().plan(project, CascadeOptions.of(BumpLevel.PATCH, Fixture.REGISTRY)));
        Problem problem = e.problems().get(0);
        assertEquals(p.file("01-b", "info.edn"), problem.file(), e.getMessage());
        assertEquals(2, problem.line(), e.getMessage());
        assertTrue(problem.message().contains("nested more than 100 levels deep"), problem.message());
    }

    @Test
    void aVersionThatCannotBeRaisedIsAnErrorNamingTheFile() {
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .simple("01-b", "bookworm", "a", "1.0.0")
                .simple("01-c", "v2", "a", "1.0.0");
        InvalidProjectException e = assertRefused(p);
        assertEquals(2, e.problems().size(), e.getMessage());
        Problem first = e.problems().get(0);
        assertEquals(p.file("01-b", "info.edn"), first.file());
        assertTrue(first.message().contains("\"bookworm\"") && first.message().contains("dotted numeric"),
                first.message());
        assertEquals(p.file("01-c", "info.edn"), e.problems().get(1).file());
    }

    @Test
    void aReferenceHigherThanItsParentIsAnError() {
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .simple("01-b", "2.0.0", "a", "1.2.0");
        InvalidProjectException e = assertRefused(p);
        Problem problem = e.problems().get(0);
        assertEquals(p.file("01-b", "Dockerfile"), problem.file());
        assertEquals(2, problem.line());
        assertTrue(problem.message().contains("a:1.2.0") && problem.message().contains("higher")
                && problem.message().contains("1.0.1"), problem.message());
    }

    @Test
    void aTagCascadeCannotEditIsAnError() {
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .context("01-b", "ARG REGISTRY\nARG A_VERSION=1.0\nFROM ${REGISTRY}/a:${A_VERSION}.0\n",
                        "{:version \"1.0.0\"}\n")
                .context("01-c", "ARG REGISTRY\nFROM ${REGISTRY}/a:1.0.\\\n0\n", "{:version \"1.0.0\"}\n")
                .context("01-d", "ARG REGISTRY\nFROM ${REGISTRY}/a:1.0.0@sha256:"
                        + "0".repeat(64) + "\n", "{:version \"1.0.0\"}\n");
        InvalidProjectException e = assertRefused(p);
        assertEquals(3, e.problems().size(), e.getMessage());
        assertEquals(p.file("01-b", "Dockerfile"), e.problems().get(0).file());
        assertTrue(e.problems().get(0).message().contains("not written literally"), e.getMessage());
        assertEquals(p.file("01-c", "Dockerfile"), e.problems().get(1).file());
        assertTrue(e.problems().get(2).message().contains("digest"), e.getMessage());
    }

    @Test
    void bumpImageErrors() {
        Fixture p = project().simple("00-a", "1.0.0", null, null);
        InvalidProjectException unknown = assertRefused(p,
                CascadeOptions.of(BumpLevel.PATCH, Fixture.REGISTRY).withBumpImage("nope"));
        assertTrue(unknown.getMessage().contains("'nope'") && unknown.getMessage().contains("images are: a"),
                unknown.getMessage());
        InvalidProjectException minor = assertRefused(new Fixture(dir).simple("00-a", "7", null, null),
                CascadeOptions.of(BumpLevel.MINOR, Fixture.REGISTRY).withBumpImage("a"));
        assertTrue(minor.getMessage().contains("no minor component"), minor.getMessage());
        assertEquals(Optional.of(new Problem.Fix(Setting.BUMP, "to patch or major")), minor.problems().get(0).fix());
        assertEquals(Optional.of(new Problem.Fix(Setting.BUMP_IMAGE, "to one of them")),
                unknown.problems().get(0).fix());
    }

    @Test
    void aRaisedVersionThatIsNoLongerATagIsAnError() {
        String version = "9-" + "x".repeat(126); // 128 characters; 10-… would be 129
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .simple("01-b", version, "a", "1.0.0");
        InvalidProjectException e = assertRefused(p);
        assertEquals(p.file("01-b", "info.edn"), e.problems().get(0).file());
        assertTrue(e.getMessage().contains("not a valid image tag"), e.getMessage());
    }

    @Test
    void everyProblemIsReportedTogether() {
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .simple("01-b", "x", "a", "1.0.0")
                .simple("01-c", "1.0.0", "a", "9.0.0");
        assertEquals(2, assertRefused(p).problems().size());
    }

    @Test
    void anInfoEdnThatChangedSinceTheScanIsRefused() throws Exception {
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .simple("01-b", "2.0.0", "a", "1.0.0");
        var project = p.scan();
        java.nio.file.Files.writeString(p.file("01-b", "info.edn"), "{:version \"2.0.5\"}\n");
        InvalidProjectException e = assertThrows(InvalidProjectException.class,
                () -> new Cascade().plan(project, CascadeOptions.of(BumpLevel.PATCH, Fixture.REGISTRY)));
        assertTrue(e.getMessage().contains("changed while cip was reading"), e.getMessage());
    }

    // ---- symbolic links: never replaced, never written through to outside the project ----------------------------

    private void assertRefusedNaming(Fixture p, Path named, String words, Path outsideFile, String outsideText)
            throws Exception {
        InvalidProjectException e = assertRefused(p);
        assertTrue(e.getMessage().contains(named.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
        assertEquals(outsideText, Files.readString(outsideFile));
    }

    @Test
    void aSymlinkedDockerfileIsRefusedAndStaysALink() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path shared = Files.writeString(outside.resolve("Dockerfile"), "ARG REGISTRY\nFROM ${REGISTRY}/a:1.0.0\n");
        Fixture p = new Fixture(dir.resolve("project"))
                .simple("00-a", "1.0.1", null, null)
                .simple("01-b", "2.0.0", "a", "1.0.0");
        Path link = p.file("01-b", "Dockerfile");
        Files.delete(link);
        Files.createSymbolicLink(link, shared);
        assertRefusedNaming(p, link, "symbolic link", shared, "ARG REGISTRY\nFROM ${REGISTRY}/a:1.0.0\n");
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aSymlinkedInfoEdnIsRefusedAndStaysALink() throws Exception {
        Fixture p = new Fixture(dir.resolve("project"))
                .simple("00-a", "1.0.1", null, null)
                .simple("01-b", "2.0.0", "a", "1.0.0");
        Path real = Files.writeString(p.dir().resolve("b-info.edn"), "{:version \"2.0.0\"}\n");
        Path link = p.file("01-b", "info.edn");
        Files.delete(link);
        Files.createSymbolicLink(link, Path.of("../../b-info.edn"));
        assertRefusedNaming(p, link, "symbolic link", real, "{:version \"2.0.0\"}\n");
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aContextDirectoryLinkedOutsideTheProjectIsRefused() throws Exception {
        Fixture outside = new Fixture(dir.resolve("outside")).simple("01-b", "2.0.0", "a", "1.0.0");
        Fixture p = new Fixture(dir.resolve("project")).simple("00-a", "1.0.1", null, null);
        Path link = p.dir().resolve("contexts/01-b");
        Files.createSymbolicLink(link, outside.dir().resolve("contexts/01-b"));
        assertRefusedNaming(p, link.resolve("Dockerfile"), "outside the project",
                outside.file("01-b", "Dockerfile"), "ARG REGISTRY\nFROM ${REGISTRY}/a:1.0.0\nCOPY . /\n");
        assertEquals("{:version \"2.0.0\"}\n", outside.read("01-b", "info.edn"));
        try (var s = Files.list(outside.dir().resolve("contexts/01-b"))) {
            assertEquals(2, s.count(), "no temporary file was left outside");
        }
    }

    @Test
    void aContextDirectoryLinkedInsideTheProjectIsFollowed() throws Exception {
        Fixture images = new Fixture(dir.resolve("project/images")).simple("01-b", "2.0.0", "a", "1.0.0");
        Fixture p = new Fixture(dir.resolve("project")).simple("00-a", "1.0.1", null, null);
        Path link = p.dir().resolve("contexts/01-b");
        Files.createSymbolicLink(link, Path.of("../images/contexts/01-b"));
        p.cascade(BumpLevel.PATCH);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("{:version \"2.0.1\"}\n", images.read("01-b", "info.edn"));
        assertTrue(images.read("01-b", "Dockerfile").contains("a:1.0.1"));
    }

    @Test
    void aTagInTheDefaultOfAGlobalArgIsRewrittenInTheArgLine() {
        String whole = "ARG REGISTRY\r\nARG BASE=\"${REGISTRY}/a:1.0.0\" # the parent\r\nFROM $BASE AS b\r\n"
                + "COPY --from=${BASE} /x /x\r\n";
        String tagOnly = "ARG REGISTRY\nARG A_TAG=1.0.0\nFROM --platform=$BUILDPLATFORM ${REGISTRY}/a:${A_TAG}\n"
                + "RUN --mount=from=${REGISTRY}/a:$A_TAG,target=/a true\n";
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .context("01-b", whole, "{:version \"2.0.0\"}")
                .context("01-c", tagOnly, "{:version \"3.0.0\"}");

        CascadePlan plan = p.cascade(BumpLevel.PATCH);

        assertEquals(whole.replace("a:1.0.0", "a:1.0.1"), p.read("01-b", "Dockerfile"));
        assertEquals(tagOnly.replace("A_TAG=1.0.0", "A_TAG=1.0.1"), p.read("01-c", "Dockerfile"));
        assertEquals(List.of("b 2.0.0 → 2.0.1 (a 1.0.0 → 1.0.1)", "c 3.0.0 → 3.0.1 (a 1.0.0 → 1.0.1)"),
                plan.summary());
        assertTrue(p.cascade(BumpLevel.PATCH).isEmpty(), "a second run changes nothing");
    }

    @Test
    void anArgDefaultUsedForTwoParentsIsRefusedNamingBothPlaces() {
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .simple("00-x", "1.0.0", null, null)
                .context("01-b", "ARG REGISTRY\nARG V=1.0.0\nFROM ${REGISTRY}/a:${V}\nCOPY --from=${REGISTRY}/x:${V} /x /x\n",
                        "{:version \"2.0.0\"}");
        Map<String, byte[]> before = p.snapshot();
        InvalidProjectException e = assertRefused(p);
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(p.file("01-b", "Dockerfile"), e.problems().get(0).file());
        assertEquals(2, e.problems().get(0).line(), "the ARG's line");
        String m = e.problems().get(0).message();
        assertTrue(m.contains("ARG V") && m.contains("line 3") && m.contains("line 4"), m);
        assertEquals(Fixture.text(before), Fixture.text(p.snapshot()));
    }

    @Test
    void anArgDefaultTheBuildArgumentsAlsoSetIsRefusedNamingBothPlaces() {
        Fixture p = project()
                .simple("00-a", "1.0.1", null, null)
                .context("01-b", "ARG REGISTRY\nARG V=1.0.0\nFROM ${REGISTRY}/a:${V}\n",
                        "{:version \"2.0.0\"\n :build-args {\"V\" \"1.0.0\"}}");
        InvalidProjectException e = assertRefused(p);
        assertEquals(2, e.problems().get(0).line(), e.getMessage());
        assertTrue(e.getMessage().contains(":build-args in " + p.file("01-b", "info.edn")), e.getMessage());

        Fixture q = new Fixture(dir.resolve("q"))
                .simple("00-a", "1.0.1", null, null)
                .context("01-b", "ARG REGISTRY\nARG V=1.0.0\nFROM ${REGISTRY}/a:${V}\n", "{:version \"2.0.0\"}");
        InvalidProjectException run = assertRefused(q, new CascadeOptions(BumpLevel.PATCH, Optional.empty(),
                Fixture.REGISTRY, Map.of("V", "1.0.0")));
        assertEquals(Optional.of(new Problem.Fix(Setting.BUILD_ARGS, "without V")), run.problems().get(0).fix());
    }
}
