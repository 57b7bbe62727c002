package dev.cip.plan;

import dev.cip.failure.InvalidProjectInput;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FingerprinterTest {

    private static final Map<String, String> ARGS = Map.of("JDK", "21", "USER", "dev");
    private static final List<String> PLATFORMS = List.of("linux/amd64", "linux/arm64");
    private static final Map<String, String> PARENTS = Map.of("base-dev", "sha256:" + "a".repeat(64));

    @TempDir
    Path tmp;
    Path ctx;
    final Fingerprinter fingerprinter = new Fingerprinter();

    @BeforeEach
    void context() throws IOException {
        ctx = tmp.resolve("01-tool");
        write(ctx, "Dockerfile", "FROM base-dev:1.0\nCOPY . /opt/tool\n");
        write(ctx, "info.edn", "{:version \"1.0\"}\n");
        write(ctx, "bin/run.sh", "#!/bin/sh\necho hi\n");
        write(ctx, "conf/app/settings.conf", "a=1\n");
    }

    private static void write(Path dir, String rel, String content) throws IOException {
        Path file = dir.resolve(rel);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private String fp() {
        return fp(ctx);
    }

    private String fp(Path dir) {
        return fingerprinter.fingerprint(dir, ARGS, PLATFORMS, PARENTS);
    }

    @Test
    void formatAndStability() {
        String a = fp();
        assertTrue(a.matches("sha256:[0-9a-f]{64}"), a);
        assertEquals(a, fp());
        assertEquals("dev.cip.fingerprint", Fingerprinter.LABEL);
    }

    @Test
    void sameTreeElsewhereSameFingerprint() throws IOException {
        Path other = tmp.resolve("elsewhere/copy");
        // created in a different order, at a different place
        write(other, "conf/app/settings.conf", "a=1\n");
        write(other, "bin/run.sh", "#!/bin/sh\necho hi\n");
        write(other, "info.edn", "{:version \"1.0\"}\n");
        write(other, "Dockerfile", "FROM base-dev:1.0\nCOPY . /opt/tool\n");
        assertEquals(fp(), fp(other));
    }

    @Test
    void argumentOrderDoesNotMatter() {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("USER", "dev");
        args.put("JDK", "21");
        Map<String, String> parents = new LinkedHashMap<>();
        parents.put("z", "sha256:1");
        parents.put("a", "sha256:2");
        Map<String, String> parents2 = new LinkedHashMap<>();
        parents2.put("a", "sha256:2");
        parents2.put("z", "sha256:1");
        assertEquals(fingerprinter.fingerprint(ctx, ARGS, PLATFORMS, parents),
                fingerprinter.fingerprint(ctx, args, List.of("linux/arm64", "linux/amd64", "linux/arm64"), parents2));
    }

    @Test
    void changedFile() throws IOException {
        String before = fp();
        write(ctx, "conf/app/settings.conf", "a=2\n");
        assertNotEquals(before, fp());
    }

    @Test
    void changedDockerfile() throws IOException {
        String before = fp();
        write(ctx, "Dockerfile", "FROM base-dev:1.0\nCOPY . /opt/tool2\n");
        assertNotEquals(before, fp());
    }

    @Test
    void addedFile() throws IOException {
        String before = fp();
        write(ctx, "conf/extra", "");
        assertNotEquals(before, fp());
    }

    @Test
    void removedFile() throws IOException {
        String before = fp();
        Files.delete(ctx.resolve("bin/run.sh"));
        assertNotEquals(before, fp());
    }

    @Test
    void renamedFile() throws IOException {
        String before = fp();
        Files.move(ctx.resolve("bin/run.sh"), ctx.resolve("bin/start.sh"));
        assertNotEquals(before, fp());
    }

    @Test
    void movedToAnotherDirectory() throws IOException {
        String before = fp();
        Files.createDirectories(ctx.resolve("conf2/app"));
        Files.move(ctx.resolve("conf/app/settings.conf"), ctx.resolve("conf2/app/settings.conf"));
        assertNotEquals(before, fp());
    }

    @Test
    void executableBit() throws IOException {
        Path script = ctx.resolve("bin/run.sh");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        String before = fp();
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String after = fp();
        assertNotEquals(before, after);
        // other permission bits (umask differences between machines) do not count
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxrwx---"));
        assertEquals(after, fp());
    }

    @Test
    void buildArgsAndParentsCountPlatformsDoNot() {
        String base = fp();
        assertNotEquals(base, fingerprinter.fingerprint(ctx, Map.of("JDK", "17", "USER", "dev"), PLATFORMS, PARENTS));
        assertNotEquals(base, fingerprinter.fingerprint(ctx, Map.of("JDK", "21"), PLATFORMS, PARENTS));
        // the platform set a run builds is no content: publish-locally after upload-all, or cip.platforms, must not
        // see "changed but not bumped" (platform completeness is the plan's other check)
        assertEquals(base, fingerprinter.fingerprint(ctx, ARGS, List.of("linux/amd64"), PARENTS));
        assertEquals(base, fingerprinter.fingerprint(ctx, ARGS, List.of(), PARENTS));
        assertNotEquals(base, fingerprinter.fingerprint(ctx, ARGS, PLATFORMS,
                Map.of("base-dev", "sha256:" + "b".repeat(64))));
        assertNotEquals(base, fingerprinter.fingerprint(ctx, ARGS, PLATFORMS,
                Map.of("other", "sha256:" + "a".repeat(64))));
        assertNotEquals(base, fingerprinter.fingerprint(ctx, ARGS, PLATFORMS, Map.of()));
        assertEquals(fingerprinter.fingerprint(ctx, Map.of(), Map.of()), fingerprinter.fingerprint(ctx, null, null));
    }

    @Test
    void fieldsCannotCollideByConcatenation() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        write(a, "Dockerfile", "FROM x");
        write(b, "Dockerfile", "FROM x");
        write(a, "ab", "c");
        write(b, "a", "bc");
        assertNotEquals(fingerprinter.fingerprint(a, null, null), fingerprinter.fingerprint(b, null, null));

        Set<String> seen = new HashSet<>();
        assertTrue(seen.add(fingerprinter.fingerprint(ctx, Map.of("a", "bc"), List.of(), Map.of())));
        assertTrue(seen.add(fingerprinter.fingerprint(ctx, Map.of("ab", "c"), List.of(), Map.of())));
        assertTrue(seen.add(fingerprinter.fingerprint(ctx, Map.of(), Map.of("a", "bc"))));
        assertTrue(seen.add(fingerprinter.fingerprint(ctx, Map.of(), Map.of("ab", "c"))));
        assertTrue(seen.add(fingerprinter.fingerprint(ctx, Map.of("a", "b", "c", ""), Map.of())));
        assertTrue(seen.add(fingerprinter.fingerprint(ctx, Map.of(), Map.of())));
    }

    @Test
    void excludedFileChangeDoesNotMatter() throws IOException {
        write(ctx, ".dockerignore", "# local stuff\nnotes.txt\n");
        write(ctx, "notes.txt", "one");
        String before = fp();
        write(ctx, "notes.txt", "two");
        assertEquals(before, fp());
        Files.delete(ctx.resolve("notes.txt"));
        assertEquals(before, fp());
    }

    @Test
    void excludedDirectoryDoesNotMatter() throws IOException {
        write(ctx, ".dockerignore", "target/\n");
        write(ctx, "target/classes/A.class", "1");
        String before = fp();
        write(ctx, "target/classes/A.class", "2");
        write(ctx, "target/deep/er/B.class", "3");
        assertEquals(before, fp());
        write(ctx, "src/target/kept", "x"); // "target/" only names the top-level directory
        assertNotEquals(before, fp());
    }

    @Test
    void globstarPattern() throws IOException {
        write(ctx, ".dockerignore", "**/*.tmp\n");
        String before = fp();
        write(ctx, "x.tmp", "1");
        write(ctx, "conf/app/y.tmp", "2");
        assertEquals(before, fp());
        write(ctx, "conf/app/y.tmpl", "3");
        assertNotEquals(before, fp());
    }

    @Test
    void exceptionReincludes() throws IOException {
        write(ctx, ".dockerignore", "conf\n!conf/app/settings.conf\n");
        write(ctx, "conf/other", "1");
        String before = fp();
        write(ctx, "conf/other", "2");
        assertEquals(before, fp());
        write(ctx, "conf/app/settings.conf", "a=2\n");
        assertNotEquals(before, fp());
    }

    @Test
    void commentsInDockerignore() throws IOException {
        write(ctx, ".dockerignore", "# conf\n\n  \n.dockerignore\n");
        write(ctx, "conf/x", "1");
        String before = fp();
        write(ctx, "conf/x", "2"); // "# conf" is a comment: conf is not excluded
        String after = fp();
        assertNotEquals(before, after);
        // .dockerignore excludes itself: editing its comments changes nothing
        write(ctx, ".dockerignore", "# another comment\n.dockerignore\n");
        assertEquals(after, fp());
    }

    @Test
    void dockerfileIsAlwaysIncluded() throws IOException {
        write(ctx, ".dockerignore", "*\n");
        String before = fp();
        write(ctx, "bin/run.sh", "changed");
        assertEquals(before, fp());
        write(ctx, "Dockerfile", "FROM base-dev:1.1\n");
        assertNotEquals(before, fp());
    }

    @Test
    void filesListsWhatCounts() throws IOException {
        write(ctx, ".dockerignore", "*\n!conf\n!**/*.sh\nconf/app/*.bak\n");
        write(ctx, "conf/app/old.bak", "x");
        write(ctx, "README.md", "x");
        // checked against what Docker 26 / BuildKit sends for the same tree and .dockerignore
        assertEquals(List.of("Dockerfile", "bin/run.sh", "conf/app/settings.conf"), fingerprinter.files(ctx));
    }

    @Test
    void symlinksCountAsTheirTarget() throws IOException {
        Path outside = tmp.resolve("outside.txt");
        Files.writeString(outside, "1");
        Files.createSymbolicLink(ctx.resolve("link"), outside);
        String before = fp();
        Files.writeString(outside, "2"); // not followed
        assertEquals(before, fp());
        Files.delete(ctx.resolve("link"));
        Files.createSymbolicLink(ctx.resolve("link"), tmp.resolve("elsewhere.txt"));
        assertNotEquals(before, fp());
    }

    @Test
    void emptyDirectoriesDoNotCount() throws IOException {
        String before = fp();
        Files.createDirectories(ctx.resolve("empty/nested"));
        assertEquals(before, fp());
    }

    @Test
    void unreadableFileNamesTheFile() {
        Path bad = ctx.resolve("conf/app/settings.conf");
        Fingerprinter failing = new Fingerprinter(file -> {
            if (file.endsWith("settings.conf")) {
                throw new AccessDeniedException(file.toString());
            }
            return Files.newInputStream(file);
        });
        InvalidProjectInput e = assertThrows(InvalidProjectInput.class,
                () -> failing.fingerprint(ctx, ARGS, PLATFORMS, PARENTS));
        assertTrue(e.getMessage().contains("settings.conf"), e.getMessage());
        assertTrue(e.file().orElseThrow().endsWith(Path.of("conf/app/settings.conf")), String.valueOf(e.file()));
        assertTrue(Files.exists(bad));
    }

    @Test
    void invalidDockerignoreIsAClearError() throws IOException {
        write(ctx, ".dockerignore", "ok\n[broken\n");
        InvalidProjectInput e = assertThrows(InvalidProjectInput.class, this::fp);
        assertTrue(e.getMessage().contains(".dockerignore:2"), e.getMessage());
    }

    @Test
    void missingContext() {
        assertThrows(InvalidProjectInput.class,
                () -> fingerprinter.fingerprint(tmp.resolve("nope"), ARGS, PLATFORMS, PARENTS));
    }

    @Test
    void concurrentUseGivesTheSameResults() throws Exception {
        List<Path> contexts = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Path c = tmp.resolve("many/c" + i);
            write(c, "Dockerfile", "FROM x:" + i);
            write(c, "f/" + i, "content " + i);
            contexts.add(c);
            expected.add(fp(c));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                List<Future<String>> results = new ArrayList<>();
                for (Path c : contexts) {
                    results.add(pool.submit(() -> fp(c)));
                }
                for (int i = 0; i < contexts.size(); i++) {
                    assertEquals(expected.get(i), results.get(i).get());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(20, new HashSet<>(expected).size());
    }
}
