package dev.cip.context;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;

/**
 * An exclusive lock on a project directory, so that two cip runs that change the project or build from it (a cascade
 * and a build, two cascades) cannot interleave. It is an OS file lock on {@code <projectDir>/.cip.lock}: it is released
 * when the process ends, however it ends, so a crashed run never leaves the project locked. The file names its holder
 * for the message the next run shows, and is removed on {@link #close()}.
 *
 * <pre>{@code
 * try (ProjectLock lock = ProjectLock.acquire(projectDir, "cip:cascade")) {
 *     ...
 * }
 * }</pre>
 */
public final class ProjectLock implements AutoCloseable {
    public static final String FILE_NAME = ".cip.lock";
    private static final int ATTEMPTS = 5;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private ProjectLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Thrown when another run holds the lock; the message names the lock file and its holder. */
    public static final class LockedException extends RuntimeException {
        private final Path file;

        public LockedException(Path file, String message) {
            super(message);
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }

    /**
     * Takes the lock of {@code projectDir} without waiting.
     *
     * @param purpose what the caller is about to do, shown to a run that finds the lock held (e.g. {@code cip:cascade})
     * @throws LockedException when another run (in this JVM or another process) holds it
     * @throws IOException     when the lock file cannot be created or locked
     */
    public static ProjectLock acquire(Path projectDir, String purpose) throws IOException {
        Path file = projectDir.resolve(FILE_NAME);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another thread of this JVM (e.g. a parallel Maven build)
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                throw held(file);
            }
            String token = UUID.randomUUID().toString();
            String holder = purpose + " (pid " + ProcessHandle.current().pid() + ", since " + Instant.now() + ")\n"
                    + token + "\n";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            // The holder before us may have deleted the file after we opened it: then we locked an orphan and the
            // path may already belong to someone else. Only the file the path names counts.
            if (token.equals(tokenAt(file))) {
                return new ProjectLock(file, channel, lock);
            }
            lock.release();
            channel.close();
        }
        throw held(file);
    }

    public Path file() {
        return file;
    }

    /** Removes the lock file and releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            // Delete while still holding the lock, so no one can lock this file and then see it vanish.
            Files.deleteIfExists(file);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private static LockedException held(Path file) {
        String holder = holderAt(file);
        return new LockedException(file, "The project is locked by another cip run"
                + (holder.isEmpty() ? "" : ": " + holder) + " (lock file " + file + "). Wait for that run to finish"
                + " and try again; the lock is released when that process ends.");
    }

    private static String holderAt(Path file) {
        String[] lines = read(file).split("\n", -1);
        return lines[0].strip();
    }

    private static String tokenAt(Path file) {
        String[] lines = read(file).split("\n", -1);
        return lines.length > 1 ? lines[1].strip() : "";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
