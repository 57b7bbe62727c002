package dev.cip.cascade;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileReplacerTest {
    @TempDir
    Path dir;

    /** The real file system, except that one operation fails on one file (its n-th call for that file). */
    private static class FailingOps implements FileReplacer.FileOps {
        private final String failOn;
        private final String file;
        private final int nth;
        private final Map<Path, Integer> calls = new HashMap<>();
        final List<Path> temps = Collections.synchronizedList(new ArrayList<>());

        FailingOps(String failOn, String file, int nth) {
            this.failOn = failOn;
            this.file = file;
            this.nth = nth;
        }

        void maybeFail(String op, Path p) throws IOException {
            if (!op.equals(failOn) || !p.endsWith(file)) {
                return;
            }
            synchronized (calls) {
                if (calls.merge(p, 1, Integer::sum) != nth) {
                    return;
                }
            }
            throw new IOException("injected failure on " + file);
        }

        @Override
        public byte[] read(Path file) throws IOException {
            maybeFail("read", file);
            return FileReplacer.FILE_SYSTEM.read(file);
        }

        @Override
        public Path writeTemp(Path target, byte[] content) throws IOException {
            maybeFail("writeTemp", target);
            Path t = FileReplacer.FILE_SYSTEM.writeTemp(target, content);
            temps.add(t);
            return t;
        }

        @Override
        public void replace(Path temp, Path target) throws IOException {
            maybeFail("replace", target);
            FileReplacer.FILE_SYSTEM.replace(temp, target);
        }

        @Override
        public void delete(Path file) throws IOException {
            FileReplacer.FILE_SYSTEM.delete(file);
        }
    }

    private Fixture chain() {
        return new Fixture(dir)
                .simple("00-a", "1.0.1", null, null)
                .context("01-b", "ARG REGISTRY\r\nFROM ${REGISTRY}/a:1.0.0", ";; b\n{:version \"2.0.0\"}\n")
                .simple("02-c", "3.0.0", "b", "2.0.0")
                .simple("03-d", "4.0.0", "c", "3.0.0");
    }

    private void assertFailedWriteChangesNothing(String failOn, String file, boolean restoring) {
        assertFailedWriteChangesNothing(failOn, file, restoring, FileReplacer.DEFAULT_PARALLELISM);
        assertFailedWriteChangesNothing(failOn, file, restoring, 1);
    }

    private void assertFailedWriteChangesNothing(String failOn, String file, boolean restoring, int parallelism) {
        Fixture p = chain();
        Map<String, String> before = Fixture.text(p.snapshot());
        CascadePlan plan = p.plan(BumpLevel.PATCH);
        assertEquals(6, plan.changes().size());
        FailingOps ops = new FailingOps(failOn, file, 1);

        CascadeWriteException e = assertThrows(CascadeWriteException.class,
                () -> new FileReplacer(ops, parallelism).replaceAll(plan.changes()));

        assertTrue(e.restored(), e.getMessage());
        assertTrue(e.getMessage().contains("injected failure"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
        if (restoring) {
            assertTrue(e.getMessage().contains("already replaced were restored"), e.getMessage());
        }
        // every file byte-identical, and no temporary file left behind
        assertEquals(before, Fixture.text(p.snapshot()));
        ops.temps.forEach(t -> assertFalse(Files.exists(t), t.toString()));
    }

    @Test
    void aRenameFailingHalfWayRestoresTheFilesAlreadyReplaced() {
        assertFailedWriteChangesNothing("replace", "02-c/info.edn", true);
    }

    @Test
    void theLastRenameFailing() {
        assertFailedWriteChangesNothing("replace", "03-d/info.edn", true);
    }

    @Test
    void theFirstRenameFailing() {
        assertFailedWriteChangesNothing("replace", "01-b/Dockerfile", false);
    }

    @Test
    void aTemporaryFileThatCannotBeWrittenChangesNothing() {
        assertFailedWriteChangesNothing("writeTemp", "02-c/Dockerfile", false);
    }

    @Test
    void anUnreadableFileChangesNothing() {
        assertFailedWriteChangesNothing("read", "01-b/info.edn", false);
    }

    @Test
    void aFailedRestoreIsReportedWithTheFilesToRecover() {
        Fixture p = chain();
        CascadePlan plan = p.plan(BumpLevel.PATCH);
        // 02-c's Dockerfile cannot be replaced; then 01-b's Dockerfile cannot be put back (its 2nd rename)
        FileReplacer.FileOps ops = new FailingOps("replace", "02-c/Dockerfile", 1) {
            private final FailingOps restore = new FailingOps("replace", "01-b/Dockerfile", 2);

            @Override
            public void replace(Path temp, Path target) throws IOException {
                restore.maybeFail("replace", target);
                super.replace(temp, target);
            }
        };
        CascadeWriteException e = assertThrows(CascadeWriteException.class,
                () -> new FileReplacer(ops).replaceAll(plan.changes()));
        assertFalse(e.restored());
        assertTrue(e.getMessage().startsWith("Cannot replace " + p.file("02-c", "Dockerfile")), e.getMessage());
        assertTrue(e.getMessage().contains(p.file("01-b", "Dockerfile") + " (injected failure on 01-b/Dockerfile)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("git checkout"), e.getMessage());
        // every other file was put back
        assertEquals("{:version \"3.0.0\"}\n", p.read("02-c", "info.edn"));
        assertEquals(";; b\n{:version \"2.0.0\"}\n", p.read("01-b", "info.edn"));
    }

    @Test
    void aFileChangedSinceThePlanIsRefused() throws IOException {
        Fixture p = chain();
        CascadePlan plan = p.plan(BumpLevel.PATCH);
        Files.writeString(p.file("03-d", "Dockerfile"), "FROM scratch\n");
        Map<String, String> before = Fixture.text(p.snapshot());

        CascadeWriteException e = assertThrows(CascadeWriteException.class,
                () -> new FileReplacer().replaceAll(plan.changes()));

        assertTrue(e.getMessage().contains("03-d") && e.getMessage().contains("changed while cip"), e.getMessage());
        assertEquals(before, Fixture.text(p.snapshot()));
    }

    @Test
    void aReadOnlyDirectoryChangesNothing() throws IOException {
        Fixture p = chain();
        CascadePlan plan = p.plan(BumpLevel.PATCH);
        Map<String, String> before = Fixture.text(p.snapshot());
        // Make the last context's directory vanish behind a file: no temporary file can be made there, whoever we are
        // (a read-only directory would not stop root).
        Path d = p.file("03-d", "Dockerfile").getParent();
        Path moved = dir.resolve("moved-away");
        Files.move(d, moved);
        Files.writeString(d, "not a directory");
        FileReplacer.FileOps readsOldD = new FailingOps("none", "none", 1) {
            @Override
            public byte[] read(Path file) throws IOException {
                // pretend the check passed, so that the temporary file is what fails
                return file.startsWith(d) ? Files.readAllBytes(moved.resolve(file.getFileName())) : super.read(file);
            }
        };

        CascadeWriteException e = assertThrows(CascadeWriteException.class,
                () -> new FileReplacer(readsOldD).replaceAll(plan.changes()));

        assertTrue(e.restored());
        assertTrue(e.getMessage().contains("Cannot write the new contents of " + p.file("03-d", "Dockerfile")),
                e.getMessage());
        Files.delete(d);
        Files.move(moved, d);
        assertEquals(before, Fixture.text(p.snapshot()));
    }

    @Test
    void keepsTheFileModeAndLeavesNoTemporaryFiles() throws IOException {
        Fixture p = chain();
        Path dockerfile = p.file("01-b", "Dockerfile");
        Files.setPosixFilePermissions(dockerfile, PosixFilePermissions.fromString("rwxr-x---"));
        int before = p.snapshot().size();

        p.cascade(BumpLevel.PATCH);

        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dockerfile)));
        assertEquals(before, p.snapshot().size());
        assertEquals("ARG REGISTRY\r\nFROM ${REGISTRY}/a:1.0.1", p.read("01-b", "Dockerfile"));
        assertEquals(";; b\n{:version \"2.0.1\"}\n", p.read("01-b", "info.edn"));
    }
}
