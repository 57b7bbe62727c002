package dev.cip.context;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProjectLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondRunIsToldWhoHoldsTheLock() throws Exception {
        Path file = dir.resolve(".cip.lock");
        try (ProjectLock lock = ProjectLock.acquire(dir, "cip:cascade")) {
            assertEquals(file, lock.file());
            assertTrue(Files.exists(file));
            ProjectLock.LockedException e = assertThrows(ProjectLock.LockedException.class,
                    () -> ProjectLock.acquire(dir, "cip:build"));
            assertEquals(file, e.file());
            assertTrue(e.getMessage().contains("cip:cascade (pid " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
        assertFalse(Files.exists(file), "the lock file is removed");
        try (ProjectLock again = ProjectLock.acquire(dir, "cip:build")) {
            assertTrue(Files.exists(again.file()));
        }
    }

    @Test
    void aLeftoverLockFileWithNoHolderDoesNotBlock() throws Exception {
        Files.writeString(dir.resolve(".cip.lock"), "cip:cascade (pid 1, since yesterday)\nold\n");
        try (ProjectLock lock = ProjectLock.acquire(dir, "cip:cascade")) {
            assertTrue(Files.readString(lock.file()).startsWith("cip:cascade (pid " + ProcessHandle.current().pid()));
        }
    }

    @Test
    void anotherProcessHoldingTheLockBlocksUntilItEnds() throws Exception {
        Path holder = dir.resolve("Holder.java");
        Files.writeString(holder, """
                import java.nio.ByteBuffer;
                import java.nio.channels.FileChannel;
                import java.nio.file.Path;
                import java.nio.file.StandardOpenOption;
                public class Holder {
                    public static void main(String[] args) throws Exception {
                        FileChannel c = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE);
                        c.lock();
                        c.write(ByteBuffer.wrap("cip:publish (pid 42)\\ntoken\\n".getBytes()));
                        System.out.println("locked");
                        System.out.flush();
                        Thread.sleep(120_000);
                    }
                }
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, holder.toString(), dir.resolve(".cip.lock").toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());

            ProjectLock.LockedException e = assertThrows(ProjectLock.LockedException.class,
                    () -> ProjectLock.acquire(dir, "cip:cascade"));
            assertTrue(e.getMessage().contains("cip:publish (pid 42)"), e.getMessage());

            // the process dies without cleaning up: the lock goes with it
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            try (ProjectLock lock = ProjectLock.acquire(dir, "cip:cascade")) {
                assertTrue(Files.exists(lock.file()));
            }
        } finally {
            process.destroyForcibly();
        }
    }

    private Process child(String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ProjectLockChild.class.getName(), mode, dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String firstLine(Process p) throws Exception {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    @Test
    void aLockHeldByAnotherCipProcessRefusesThisOne() throws Exception {
        Process holder = child("hold");
        try {
            assertEquals("locked", firstLine(holder));
            ProjectLock.LockedException e = assertThrows(ProjectLock.LockedException.class,
                    () -> ProjectLock.acquire(dir, "cip:build"));
            assertTrue(e.getMessage().contains("cip:child (pid " + holder.pid()), e.getMessage());
            // and again: looking at the holder must not have released its lock
            assertThrows(ProjectLock.LockedException.class, () -> ProjectLock.acquire(dir, "cip:build"));
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        try (ProjectLock lock = ProjectLock.acquire(dir, "cip:build")) {
            assertTrue(Files.exists(lock.file()), "a killed holder leaves the lock free");
        }
    }

    @Test
    void aRefusedAttemptInThisJvmDoesNotReleaseTheLockForOtherProcesses() throws Exception {
        try (ProjectLock lock = ProjectLock.acquire(dir, "cip:cascade")) {
            assertThrows(ProjectLock.LockedException.class, () -> ProjectLock.acquire(dir, "cip:build"));
            Process other = child("try");
            String line = firstLine(other);
            assertTrue(other.waitFor(30, TimeUnit.SECONDS));
            assertTrue(line != null && line.startsWith("refused: ") && line.contains("cip:cascade"), line);
        }
        Process other = child("try");
        assertEquals("locked", firstLine(other));
        assertTrue(other.waitFor(30, TimeUnit.SECONDS));
    }

    @Test
    void aSymlinkedLockFileIsRefusedAndItsTargetLeftAlone() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Path project = Files.createDirectory(dir.resolve("project"));
        Path link = Files.createSymbolicLink(project.resolve(".cip.lock"), victim);
        InvalidProjectException e = assertThrows(InvalidProjectException.class,
                () -> ProjectLock.acquire(project, "cip:cascade"));
        assertTrue(e.getMessage().contains(link.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals("precious", Files.readString(victim));
        assertTrue(Files.isSymbolicLink(link), "the link is left as it was");

        // a dangling link: nothing created at its target
        Files.delete(link);
        Path nowhere = dir.resolve("nowhere");
        Files.createSymbolicLink(link, nowhere);
        assertThrows(InvalidProjectException.class, () -> ProjectLock.acquire(project, "cip:cascade"));
        assertFalse(Files.exists(nowhere));
    }

    @Test
    void aHardLinkedLockFileIsRefusedAndTheOtherFileLeftIntact() throws Exception {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path precious = Files.writeString(elsewhere.resolve("precious"), "precious content\n");
        Path project = Files.createDirectory(dir.resolve("project"));
        Path lock = Files.createLink(project.resolve(".cip.lock"), precious);
        InvalidProjectException e = assertThrows(InvalidProjectException.class,
                () -> ProjectLock.acquire(project, "cip:cascade"));
        assertTrue(e.getMessage().contains(lock.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("2 hard links"), e.getMessage());
        assertEquals("precious content\n", Files.readString(precious));
        assertEquals("precious content\n", Files.readString(lock), "the lock path is left as it was");

        // once the other name is gone, the file is an ordinary leftover and the lock is taken
        Files.delete(precious);
        try (ProjectLock taken = ProjectLock.acquire(project, "cip:cascade")) {
            assertTrue(Files.readString(taken.file()).startsWith("cip:cascade (pid "));
        }
    }
}
