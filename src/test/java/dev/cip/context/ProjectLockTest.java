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
}
