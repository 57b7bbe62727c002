package dev.cip.graph;

import dev.cip.failure.InvalidSetting;
import dev.cip.context.InvalidProjectException;
import dev.cip.context.Problem;
import dev.cip.dockerfile.ImageReference;
import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageGraphTest {
    private static final String REG = "localhost:5000";

    @TempDir
    Path root;

    private ProjectFixture project() {
        return ProjectFixture.in(root);
    }

    /** A diamond: base <- left, right <- top; plus a lone image. */
    private ImageGraph diamond() {
        return project()
                .image("00-base", "1.0.0")
                .image("01-right", "1.0.0", "base:1.0.0")
                .image("01-left", "1.0.0", "base:1.0.0")
                .image("02-top", "1.0.0", "left:1.0.0", "right:1.0.0")
                .image("00-lone", "3")
                .graph(REG);
    }

    private InvalidProjectException invalid(ProjectFixture p) {
        return assertThrows(InvalidProjectException.class, () -> p.graph(REG));
    }

    @Test
    void internalAndExternalEdgesUnderARegistryWithAPath() {
        String reg = "registry.example.com/team";
        ProjectFixture p = project()
                .context("00-base", "FROM debian:12\n", ProjectFixture.version("1.0"))
                .context("01-app", """
                        ARG REGISTRY
                        FROM ${REGISTRY}/base:1.0 AS build
                        FROM REGISTRY.Example.COM/team/base:0.9
                        COPY --from=registry.example.com/base:1.0 /a /a
                        COPY --from=registry.example.com/team/sub/base:1.0 /b /b
                        COPY --from=${REGISTRY}/unknown:1 /c /c
                        COPY --from=build /d /d
                        """, ProjectFixture.version("2.0"));
        ImageGraph graph = ImageGraph.of(p.scan(), reg, Map.of());
        assertEquals(reg, graph.registry());
        ImageNode base = graph.node("base");
        assertEquals(List.of(), base.internal());
        assertEquals(List.of("debian:12"), base.external().stream().map(ImageReference::resolved).toList());

        ImageNode app = graph.node("app");
        assertEquals(List.of("base", "base"), app.internal().stream().map(InternalEdge::parent).toList());
        assertEquals(List.of(Optional.of("1.0"), Optional.of("0.9")),
                app.internal().stream().map(InternalEdge::expectedVersion).toList());
        assertEquals(List.of(2, 3), app.internal().stream().map(e -> e.reference().line()).toList());
        assertEquals(List.of("registry.example.com/base:1.0", "registry.example.com/team/sub/base:1.0",
                        "registry.example.com/team/unknown:1"),
                app.external().stream().map(ImageReference::resolved).toList());
        assertEquals(Set.of("base"), app.parents());
        assertEquals(Set.of("app"), graph.children("base"));
        assertEquals(List.of("base", "app"), graph.topologicalOrder());
    }

    @Test
    void aVariableInCopyFromOrMountFromIsAnEdgeBuildKitCannotBuildAndSaysSo() {
        ProjectFixture p = project()
                .image("00-base", "1")
                .image("00-tools", "2")
                .context("01-app", """
                        ARG REGISTRY
                        FROM ${REGISTRY}/base:1 AS ok
                        FROM ${REGISTRY}/base:1
                        COPY --from=${REGISTRY}/tools:2 /t /t
                        RUN --mount=type=bind,from=${REGISTRY}/tools:2,target=/m true
                        COPY --from=ok /a /a
                        """, ProjectFixture.version("1"));
        ImageGraph graph = p.graph(REG);
        assertEquals(Set.of("base", "tools"), graph.parents("app"));
        List<String> warnings = graph.unbuildableFromReferences(List.of("app"));
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).endsWith("Dockerfile:4: COPY --from ${REGISTRY}/tools:2 names an image through a "
                + "variable, which BuildKit does not expand there (the build fails); name a stage on it instead: "
                + "FROM ${REGISTRY}/tools:2 AS tools before this stage, then --from=tools"), warnings.get(0));
        assertTrue(warnings.get(1).contains("Dockerfile:5: RUN --mount from ${REGISTRY}/tools:2"), warnings.get(1));
        assertEquals(List.of(), graph.unbuildableFromReferences(List.of("base", "tools")));
    }

    @Test
    void theSameProjectAgainstAnotherRegistryHasNoInternalEdgesToLiteralHosts() {
        ProjectFixture p = project()
                .image("00-base", "1")
                .context("01-app", "FROM localhost:5000/base:1\n", ProjectFixture.version("1"));
        assertEquals(Set.of("base"), p.graph(REG).parents("app"));
        assertEquals(Set.of(), p.graph("registry.example.com").parents("app"));
    }

    @Test
    void buildArgsFromInfoEdnAndFromTheCallerResolveReferences() {
        ProjectFixture p = project()
                .image("00-base", "1.5")
                .context("01-app", "ARG REGISTRY\nARG BASE_TAG=0.1\nFROM ${REGISTRY}/base:${BASE_TAG}\n",
                        "{:version \"1\" :build-args {\"BASE_TAG\" \"1.5\"}}")
                .context("01-other", "ARG REGISTRY\nARG T\nFROM ${REGISTRY}/base:$T\n", ProjectFixture.version("1"));
        ImageGraph graph = ImageGraph.of(p.scan(), REG, Map.of("T", "1.4", "BASE_TAG", "x"));
        assertEquals(Optional.of("1.5"), graph.node("app").internal().get(0).expectedVersion(),
                "info.edn wins over the caller's build args");
        assertEquals(Optional.of("1.4"), graph.node("other").internal().get(0).expectedVersion());
        assertEquals(List.of(new StaleReference("other", "base", "1.4", "1.5", p.dockerfile("01-other"), 3)),
                graph.staleReferences());
    }

    @Test
    void registryBuildArgCannotBeOverriddenByInfoEdn() {
        ProjectFixture p = project()
                .image("00-base", "1")
                .context("01-app", "ARG REGISTRY\nFROM ${REGISTRY}/base:1\n",
                        "{:version \"1\" :build-args {\"REGISTRY\" \"elsewhere.example.com\"}}");
        assertEquals(Set.of("base"), p.graph(REG).parents("app"));
    }

    @Test
    void topologicalOrderBreaksTiesByDirectoryName() {
        ImageGraph graph = diamond();
        // Directory order: 00-base, 00-lone, 01-left, 01-right, 02-top.
        assertEquals(List.of("base", "lone", "left", "right", "top"), graph.topologicalOrder());
        assertEquals(Set.of("base", "lone", "left", "right", "top"), graph.names());

        ImageGraph chain = ProjectFixture.in(root.resolve("other"))
                .image("c", "1")          // no prefix: sorts after the numbered ones
                .image("00-z", "1", "c:1")
                .image("01-a", "1")
                .graph(REG);
        assertEquals(List.of("a", "c", "z"), chain.topologicalOrder());
    }

    @Test
    void topologicalOrderPutsParentsFirstWhateverTheNames() {
        ImageGraph graph = project()
                .image("10-app", "1", "base:1")
                .image("2-base", "1")
                .image("3-mid", "1", "base:1")
                .image("11-top", "1", "app:1", "mid:1")
                .graph(REG);
        List<String> order = graph.topologicalOrder();
        assertEquals(List.of("base", "app", "mid", "top"), order);
    }

    @Test
    void ancestorsAndDescendantsOfADiamond() {
        ImageGraph graph = diamond();
        assertEquals(Set.of("left", "right", "base"), graph.ancestors("top"));
        assertEquals(Set.of("left", "right", "top"), graph.descendants("base"));
        assertEquals(Set.of("base"), graph.ancestors("left"));
        assertEquals(Set.of("top"), graph.descendants("right"));
        assertEquals(Set.of(), graph.ancestors("base"));
        assertEquals(Set.of(), graph.descendants("top"));
        assertEquals(Set.of(), graph.ancestors("lone"));
        assertEquals(Set.of("left", "right"), graph.parents("top"));
        assertEquals(List.of("left", "right"), List.copyOf(graph.children("base")), "children are sorted");
        assertTrue(graph.contains("lone"));
        assertTrue(!graph.contains("nope"));
        assertThrows(IllegalArgumentException.class, () -> graph.node("nope"));
    }

    @Test
    void select() {
        ImageGraph graph = diamond();
        assertEquals(graph.topologicalOrder(), graph.select(List.of(), false, false));
        assertEquals(List.of("left"), graph.select(List.of("left"), false, false));
        assertEquals(List.of("base", "left"), graph.select(List.of("left"), true, false));
        assertEquals(List.of("left", "top"), graph.select(List.of("left"), false, true));
        assertEquals(List.of("base", "left", "top"), graph.select(List.of("left"), true, true));
        assertEquals(List.of("base", "left", "right", "top"), graph.select(List.of("top"), true, false));
        assertEquals(List.of("lone", "left", "top"), graph.select(List.of("top", "lone", "left"), false, false),
                "in topological order, not in the order asked");
        assertEquals(List.of("base", "lone", "left", "right", "top"),
                graph.select(List.of("base", "lone"), false, true));
    }

    @Test
    void selectingUnknownImagesListsTheKnownOnes() {
        ImageGraph graph = diamond();
        InvalidSetting one = assertThrows(InvalidSetting.class,
                () -> graph.select(List.of("left", "nope"), true, false));
        assertEquals("Unknown image nope; the project's images are: base, lone, left, right, top", one.getMessage());
        InvalidSetting two = assertThrows(InvalidSetting.class,
                () -> graph.select(List.of("x", "y"), false, false));
        assertTrue(two.getMessage().startsWith("Unknown images x, y;"), two.getMessage());
        // a typo of an image gets the did-you-mean of the properties
        InvalidSetting typo = assertThrows(InvalidSetting.class,
                () -> graph.select(List.of("rigth"), false, false));
        assertEquals("Unknown image rigth (did you mean right?); the project's images are: base, lone, left, right,"
                + " top", typo.getMessage());
    }

    @Test
    void twoCycle() {
        ProjectFixture p = project().image("a", "1", "b:1").image("b", "1", "a:1");
        InvalidProjectException e = invalid(p);
        assertEquals(1, e.problems().size(), e.getMessage());
        Problem problem = e.problems().get(0);
        assertTrue(problem.message().contains("cycle: b -> a -> b"), problem.message());
        // Named in the Dockerfile of the path's first image, at its reference to the image before it.
        assertEquals(p.dockerfile("b"), problem.file());
        assertEquals(2, problem.line());
    }

    @Test
    void selfReference() {
        ProjectFixture p = project().image("00-base", "1").image("01-self", "1", "self:0.9");
        InvalidProjectException e = invalid(p);
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).message().contains("cycle: self -> self"), e.getMessage());
        assertEquals(p.dockerfile("01-self"), e.problems().get(0).file());
        assertEquals(2, e.problems().get(0).line());
    }

    @Test
    void threeCycleWithATailShowsOnlyTheCycle() {
        // a's parent is c, c's parent is b, b's parent is a; d merely builds on a.
        ProjectFixture p = project()
                .image("a", "1", "c:1")
                .image("b", "1", "a:1")
                .image("c", "1", "b:1")
                .image("d", "1", "a:1")
                .image("e", "1");
        InvalidProjectException e = invalid(p);
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("cycle: b -> c -> a -> b"), e.getMessage());

        // The same with the tail sorting first: the walk starts outside the cycle.
        ProjectFixture q = ProjectFixture.in(root.resolve("q"))
                .image("0tail", "1", "a:1")
                .image("a", "1", "c:1")
                .image("b", "1", "a:1")
                .image("c", "1", "b:1");
        InvalidProjectException f = assertThrows(InvalidProjectException.class, () -> q.graph(REG));
        assertEquals(1, f.problems().size(), f.getMessage());
        assertTrue(f.getMessage().contains("cycle: b -> c -> a -> b"), f.getMessage());
        assertEquals(q.dockerfile("b"), f.problems().get(0).file());
    }

    @Test
    void twoSeparateCyclesAreBothReported() {
        ProjectFixture p = project()
                .image("a", "1", "b:1").image("b", "1", "a:1")
                .image("x", "1", "y:1").image("y", "1", "x:1");
        InvalidProjectException e = invalid(p);
        assertEquals(2, e.problems().size(), e.getMessage());
    }

    @Test
    void prefixThatDisagreesWithTheGraph() {
        ProjectFixture p = project()
                .image("01-app", "1", "base:1")
                .image("02-base", "1")
                .image("03-x", "1")
                .image("03-y", "1", "x:1");
        InvalidProjectException e = invalid(p);
        assertEquals(2, e.problems().size(), e.getMessage());
        Problem app = e.problems().get(0);
        assertEquals(p.dockerfile("01-app"), app.file());
        assertEquals(2, app.line(), "the FROM line");
        assertTrue(app.message().contains("01-app") && app.message().contains("02-base"), app.message());
        Problem equal = e.problems().get(1);
        assertTrue(equal.message().contains("03-y") && equal.message().contains("03-x"), equal.message());
    }

    @Test
    void prefixesCompareNumerically() {
        ImageGraph graph = project().image("2-base", "1").image("10-app", "1", "base:1").graph(REG);
        assertEquals(List.of("base", "app"), graph.topologicalOrder());
        // Unprefixed contexts are not checked.
        project().image("tool", "1", "base:1").graph(REG);
    }

    @Test
    void cyclesAndPrefixProblemsAreReportedTogether() {
        ProjectFixture p = project()
                .image("01-a", "1", "b:1")
                .image("02-b", "1", "a:1")
                .image("01-c", "1", "d:1")
                .image("05-d", "1");
        InvalidProjectException e = invalid(p);
        assertEquals(3, e.problems().size(), e.getMessage()); // 01-a on 02-b, 01-c on 05-d, the cycle
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    }

    @Test
    void staleReferences() {
        ProjectFixture p = project()
                .image("00-base", "1.1.0")
                .image("01-fresh", "1.0.0", "base:1.1.0")
                .image("01-stale", "2.0.0", "base:1.0.0")
                .image("01-latest", "1", "base:latest")
                .context("01-untagged", "ARG REGISTRY\nFROM ${REGISTRY}/base\n", ProjectFixture.version("1"))
                .context("01-digest", "ARG REGISTRY\nFROM ${REGISTRY}/base@sha256:abc\n", ProjectFixture.version("1"))
                .image("02-multi", "1", "stale:2.0.0", "base:0.9");
        ImageGraph graph = p.graph(REG);
        List<StaleReference> stale = graph.staleReferences();
        assertEquals(List.of(
                new StaleReference("stale", "base", "1.0.0", "1.1.0", p.dockerfile("01-stale"), 2),
                new StaleReference("multi", "base", "0.9", "1.1.0", p.dockerfile("02-multi"), 3)), stale);
        assertEquals(p.dockerfile("01-stale") + ":2: stale uses base:1.0.0 but base is at 1.1.0; run the cascade",
                stale.get(0).describe());
        assertEquals(p.dockerfile("01-stale") + ":2: stale uses base:1.0.0 but base is at 1.1.0; run mvn cip:cascade",
                stale.get(0).describe("run mvn cip:cascade"));
        assertEquals(Set.of("base"), graph.parents("latest"));
        assertEquals(Set.of("base"), graph.parents("untagged"));
        assertEquals(Set.of("base"), graph.parents("digest"));
    }
}
