package dev.cip.maven;

import dev.cip.context.ProjectLock;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CascadeMojoTest {
    @TempDir
    Path dir;

    private final List<String> info = new ArrayList<>();

    private CascadeMojo mojo(String bump) {
        CascadeMojo mojo = new CascadeMojo();
        mojo.projectDir = dir.toFile();
        mojo.localRegistry = "localhost:5000";
        mojo.reportDir = dir.resolve("target/cip").toFile();
        mojo.bump = bump;
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                info.add(content.toString());
            }
        });
        return mojo;
    }

    private void write(String path, String text) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private String read(String path) throws IOException {
        return Files.readString(dir.resolve(path), StandardCharsets.UTF_8);
    }

    private void project(String childRef) throws IOException {
        write("contexts/00-base-dev/Dockerfile", "FROM scratch\n");
        write("contexts/00-base-dev/info.edn", "{:version \"2.0.1\"}\n");
        write("contexts/01-java-dev/Dockerfile", "ARG REGISTRY\nFROM ${REGISTRY}/base-dev:" + childRef + "\n");
        write("contexts/01-java-dev/info.edn", "{:version \"1.4.2\"}\n");
    }

    @Test
    void cascadesAndPrintsOneLinePerImage() throws Exception {
        project("2.0.0");
        mojo("patch").execute();
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/base-dev:2.0.1\n", read("contexts/01-java-dev/Dockerfile"));
        assertEquals("{:version \"1.4.3\"}\n", read("contexts/01-java-dev/info.edn"));
        assertTrue(info.contains("java-dev 1.4.2 → 1.4.3 (base-dev 2.0.0 → 2.0.1)"), info.toString());
        assertFalse(Files.exists(dir.resolve(ProjectLock.FILE_NAME)));

        info.clear();
        mojo("patch").execute();
        assertTrue(info.stream().anyMatch(l -> l.contains("nothing to cascade")), info.toString());
    }

    @Test
    void dryRunPrintsTheDiffAndWritesNothing() throws Exception {
        project("2.0.0");
        CascadeMojo mojo = mojo("patch");
        mojo.dryRun = true;
        mojo.execute();
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/base-dev:2.0.0\n", read("contexts/01-java-dev/Dockerfile"));
        assertEquals("{:version \"1.4.2\"}\n", read("contexts/01-java-dev/info.edn"));
        assertTrue(info.contains("-FROM ${REGISTRY}/base-dev:2.0.0"), info.toString());
        assertTrue(info.contains("+FROM ${REGISTRY}/base-dev:2.0.1"), info.toString());
        assertTrue(info.contains("+{:version \"1.4.3\"}"), info.toString());
        assertFalse(Files.exists(dir.resolve(ProjectLock.FILE_NAME)));
    }

    @Test
    void anUnknownBumpLevelIsTheUsersMistake() throws Exception {
        project("2.0.0");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> mojo("micro").execute());
        assertEquals("cip.bump=micro is not a bump level; use one of patch, minor, major, parent", e.getMessage());
    }

    @Test
    void aProjectProblemIsTheUsersMistake() throws Exception {
        project("3.0.0");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> mojo("patch").execute());
        assertTrue(e.getMessage().contains("higher than base-dev's version 2.0.1"), e.getMessage());
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/base-dev:3.0.0\n", read("contexts/01-java-dev/Dockerfile"));
    }

    @Test
    void buildArgsTakePartInReferences() throws Exception {
        write("contexts/00-base-dev/Dockerfile", "FROM scratch\n");
        write("contexts/00-base-dev/info.edn", "{:version \"2.0.1\"}\n");
        write("contexts/01-java-dev/Dockerfile", "ARG REGISTRY\nARG BASE\nFROM ${REGISTRY}/${BASE}:2.0.0\n");
        write("contexts/01-java-dev/info.edn", "{:version \"1.4.2\"}\n");
        CascadeMojo mojo = mojo("patch");
        mojo.buildArgs = List.of("BASE=base-dev");
        mojo.execute();
        assertEquals("ARG REGISTRY\nARG BASE\nFROM ${REGISTRY}/${BASE}:2.0.1\n", read("contexts/01-java-dev/Dockerfile"));

        CascadeMojo bad = mojo("patch");
        bad.buildArgs = List.of("BASE");
        MojoFailureException e = assertThrows(MojoFailureException.class, bad::execute);
        assertTrue(e.getMessage().contains("KEY=VALUE"), e.getMessage());
    }

    @Test
    void aHeldLockStopsTheRunWithItsName() throws Exception {
        project("2.0.0");
        try (ProjectLock held = ProjectLock.acquire(dir, "cip:publish")) {
            MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> mojo("patch").execute());
            assertTrue(e.getMessage().contains(held.file().toString()) && e.getMessage().contains("cip:publish"),
                    e.getMessage());
        }
        assertEquals("{:version \"1.4.2\"}\n", read("contexts/01-java-dev/info.edn"));
    }

    private static String git(Path in, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "core.autocrlf=false"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "git " + String.join(" ", args) + ": " + out);
        return out;
    }

    @Test
    void dryRunWritesTheDiffToAFileThatGitApplies() throws Exception {
        project("2.0.0");
        // a file without a final newline and one with CRLF: the diff must still apply byte for byte
        write("contexts/02-tool/Dockerfile", "ARG REGISTRY\r\nFROM ${REGISTRY}/java-dev:1.4.2\r\nRUN true\r\n");
        write("contexts/02-tool/info.edn", "{:version \"0.1.0\"}");
        git(dir, "init", "-q");
        CascadeMojo mojo = mojo("patch");
        mojo.dryRun = true;
        mojo.execute();
        Path diff = dir.resolve("target/cip/cascade.diff");
        assertTrue(Files.isRegularFile(diff), info.toString());
        assertTrue(info.stream().anyMatch(l -> l.contains(diff.toString()) && l.contains("git apply")), info.toString());
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/base-dev:2.0.0\n", read("contexts/01-java-dev/Dockerfile"));

        git(dir, "apply", "--check", diff.toString());
        git(dir, "apply", diff.toString());
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/base-dev:2.0.1\n", read("contexts/01-java-dev/Dockerfile"));
        assertEquals("{:version \"1.4.3\"}\n", read("contexts/01-java-dev/info.edn"));
        assertEquals("ARG REGISTRY\r\nFROM ${REGISTRY}/java-dev:1.4.3\r\nRUN true\r\n", read("contexts/02-tool/Dockerfile"));
        assertEquals("{:version \"0.1.1\"}", read("contexts/02-tool/info.edn"));

        // applied, the project is cascaded: a real run has nothing left to do, and a dry run removes the old diff
        info.clear();
        mojo("patch").execute();
        assertTrue(info.stream().anyMatch(l -> l.contains("nothing to cascade")), info.toString());
        CascadeMojo again = mojo("patch");
        again.dryRun = true;
        again.execute();
        assertFalse(Files.exists(diff), "no stale diff is left behind");
    }

    @Test
    void hostileInputIsAClearFailureNamingFileAndLineNotAStackOverflow() throws Exception {
        project("2.0.0");
        write("contexts/01-java-dev/info.edn", "{:version \"1.4.2\"\n :deep " + "{:a ".repeat(20_000) + "1"
                + "}".repeat(20_000) + "}\n");
        write("contexts/02-tool/Dockerfile", "FROM scratch\nFROM " + "${A:-".repeat(50_000) + "x" + "}".repeat(50_000)
                + "\n");
        write("contexts/02-tool/info.edn", "{:version \"0.1.0\"}\n");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> mojo("patch").execute());
        assertTrue(e.getMessage().contains(dir.resolve("contexts/01-java-dev/info.edn") + ":2: "), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("contexts/02-tool/Dockerfile") + ":2: "), e.getMessage());
        assertEquals("ARG REGISTRY\nFROM ${REGISTRY}/base-dev:2.0.0\n", read("contexts/01-java-dev/Dockerfile"));
    }

    /** cascade.diff as a symbolic link pointing outside is refused; as a hard link it is replaced. */
    @Test
    void aLinkedDryRunDiffNeverOverwritesTheFileItNames() throws Exception {
        project("2.0.0");
        Path outside = Files.writeString(Files.createDirectories(dir.resolve("outside")).resolve("precious"),
                "precious\n");
        Path diff = Files.createDirectories(dir.resolve("target/cip")).resolve("cascade.diff");
        Files.createSymbolicLink(diff, outside);
        CascadeMojo symlinked = mojo("patch");
        symlinked.dryRun = true;
        String message = assertThrows(MojoFailureException.class, symlinked::execute).getMessage();
        assertTrue(message.contains(diff + ": is a symbolic link"), message);
        assertEquals("precious\n", Files.readString(outside));

        Files.delete(diff);
        Files.createLink(diff, outside);
        CascadeMojo hardLinked = mojo("patch");
        hardLinked.dryRun = true;
        hardLinked.execute();
        assertTrue(read("target/cip/cascade.diff").contains("base-dev:2.0.1"), read("target/cip/cascade.diff"));
        assertEquals("precious\n", Files.readString(outside));
    }
}
