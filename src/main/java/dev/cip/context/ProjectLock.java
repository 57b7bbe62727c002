package dev.cip.context;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a project directory, so that two cip runs that change the project or build from it (a cascade
 * and a build, two cascades) cannot interleave. It is an OS file lock on {@code <projectDir>/.cip.lock}: it is released
 * when the process ends, however it ends, so a crashed run never leaves the project locked. The file names its holder
 * for the message the next run shows, and is removed on {@link #close()}. A lock file that is a symbolic link, not a
 * regular file, or has more than one hard link (another name for a file elsewhere) is refused: cip never writes through
 * it.
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

    /**
     * Lock files held by this JVM, with their holder line. OS file locks belong to the process, and closing <em>any</em>
     * handle of the file releases them: so nothing in this JVM may open a held lock file again, not even to read who
     * holds it. A second attempt from this JVM (a parallel Maven build) is refused here, before any handle is opened.
     * This is the one piece of JVM-wide state the lock needs, because the OS lock it stands for is process-wide.
     */
    private static final ConcurrentHashMap<Path, String> HELD_IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path file;
    private final Path key;
    private final FileChannel channel;
    private final FileChannel check;
    private final FileLock lock;

    private ProjectLock(Path file, Path key, FileChannel channel, FileChannel check, FileLock lock) {
        this.file = file;
        this.key = key;
        this.channel = channel;
        this.check = check;
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
     * @throws LockedException         when another run (in this JVM or another process) holds it
     * @throws InvalidProjectException when {@code .cip.lock} is a symbolic link, not a regular file or hard-linked
     * @throws IOException             when the lock file cannot be created or locked
     */
    public static ProjectLock acquire(Path projectDir, String purpose) throws IOException {
        Path file = projectDir.resolve(FILE_NAME);
        Path key = projectDir.toRealPath().resolve(FILE_NAME);
        String token = UUID.randomUUID().toString();
        String holder = purpose + " (pid " + ProcessHandle.current().pid() + ", since " + Instant.now() + ")";
        String before = HELD_IN_THIS_JVM.putIfAbsent(key, holder);
        if (before != null) {
            throw held(file, before);
        }
        boolean done = false;
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                FileChannel channel = open(file);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
                if (lock == null) {
                    channel.close();
                    throw held(file, holderAt(file));
                }
                FileChannel check = null;
                try {
                    refuseLinks(file); // again, now that it is ours: a hard link made meanwhile is not truncated
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap((holder + "\n" + token + "\n").getBytes(StandardCharsets.UTF_8)),
                            0);
                    channel.force(false);
                    // The holder before us may have deleted the file after we opened it: then we locked an orphan
                    // and the path may already belong to someone else. Only the file the path names counts.
                    check = verify(file, token);
                    if (check != null) {
                        done = true;
                        return new ProjectLock(file, key, channel, check, lock);
                    }
                } finally {
                    if (!done) {
                        lock.release();
                        channel.close();
                    }
                }
            }
            throw held(file, holderAt(file));
        } finally {
            if (!done) {
                HELD_IN_THIS_JVM.remove(key, holder);
            }
        }
    }

    /** Opens the lock file without following a symbolic link, refusing anything but a regular file. */
    private static FileChannel open(Path file) throws IOException {
        refuseLinks(file);
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            refuseLinks(file); // replaced by a link meanwhile (ELOOP)
            throw e;
        }
    }

    private static void refuseLinks(Path file) {
        if (Files.isSymbolicLink(file)) {
            throw new InvalidProjectException(Problem.at(file, "the lock file is a symbolic link; cip never writes"
                    + " through one. Remove it (cip creates and removes " + FILE_NAME + " itself)"));
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidProjectException(Problem.at(file, "the lock file is not a regular file. Remove it"
                    + " (cip creates and removes " + FILE_NAME + " itself)"));
        }
        int links = linkCount(file);
        if (links > 1) {
            throw new InvalidProjectException(Problem.at(file, "the lock file has " + links + " hard links (it is"
                    + " also a file elsewhere); cip never writes to a shared file. Remove it (cip creates and removes "
                    + FILE_NAME + " itself)"));
        }
    }

    /** The number of hard links of {@code file}; 1 when it does not exist or the file system does not say. */
    private static int linkCount(Path file) {
        try {
            return (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return 1; // gone (NoSuchFileException), or no unix view: nothing to refuse
        }
    }

    /**
     * Reads {@code file} through a second handle (no link followed) and returns that handle, still open, when the file
     * holds {@code token}: the path still names the file we locked. Null otherwise. The handle stays open as long as
     * the lock, because closing it would release the process's lock on the file.
     */
    private static FileChannel verify(Path file, String token) throws IOException {
        FileChannel check;
        try {
            check = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            return null; // gone, or replaced by a link
        }
        try {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (buf.hasRemaining() && check.read(buf) > 0) {
                // the holder line and the token
            }
            String[] lines = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).split("\n", -1);
            if (lines.length > 1 && lines[1].strip().equals(token)) {
                return check;
            }
        } catch (IOException | RuntimeException e) {
            check.close();
            throw e;
        }
        check.close();
        return null;
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
                try {
                    check.close();
                    channel.close();
                } finally {
                    HELD_IN_THIS_JVM.remove(key);
                }
            }
        }
    }

    private static LockedException held(Path file, String holder) {
        return new LockedException(file, "The project is locked by another cip run"
                + (holder.isEmpty() ? "" : ": " + holder) + " (lock file " + file + "). Wait for that run to finish"
                + " and try again; the lock is released when that process ends.");
    }

    /** The holder line of a lock file this JVM does not hold (reading a held one would release its lock). */
    private static String holderAt(Path file) {
        if (Files.isSymbolicLink(file)) {
            return "";
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)[0].strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
