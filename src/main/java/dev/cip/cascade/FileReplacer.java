package dev.cip.cascade;

import dev.cip.concurrent.OwnedThreads;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a set of files all or nothing: every file is first checked to hold what the change was computed from, then
 * every new content goes to a temporary file next to its target, then each temporary file is renamed over its target
 * (an atomic replacement: a reader sees the old or the new file, never a half-written one). When a rename fails, the
 * files already replaced get their old contents back the same way, and the error says so. Each step runs over the
 * files in parallel, and the next step starts only when every file has passed the previous one.
 *
 * <p>No fsync: this guards against failed and interrupted runs, not power loss; the project lives in version
 * control.
 */
public final class FileReplacer {

    /** The file system operations used, replaceable in tests to make a chosen step fail. */
    public interface FileOps {
        byte[] read(Path file) throws IOException;

        /** Writes {@code content} to a new temporary file in {@code target}'s directory, with its permissions. */
        Path writeTemp(Path target, byte[] content) throws IOException;

        /** Atomically renames {@code temp} over {@code target}. */
        void replace(Path temp, Path target) throws IOException;

        void delete(Path file) throws IOException;
    }

    /** The real file system. */
    public static final FileOps FILE_SYSTEM = new FileOps() {
        @Override
        public byte[] read(Path file) throws IOException {
            return Files.readAllBytes(file);
        }

        @Override
        public Path writeTemp(Path target, byte[] content) throws IOException {
            if (Files.isSymbolicLink(target)) {
                throw new IOException(target + " is a symbolic link; it is not replaced");
            }
            // One create-and-write (createTempFile would open twice and seed a SecureRandom); CREATE_NEW never
            // reuses an existing file.
            Path temp = target.resolveSibling("." + target.getFileName() + ".cip-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
            OutputStream created = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                try (OutputStream out = created) {
                    out.write(content);
                }
                PosixFileAttributeView posix = Files.getFileAttributeView(target, PosixFileAttributeView.class);
                if (posix != null) {
                    // The replaced file keeps the mode it had (not the umask's).
                    Set<PosixFilePermission> mode = posix.readAttributes().permissions();
                    Files.setPosixFilePermissions(temp, mode);
                }
                return temp;
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
        }

        @Override
        public void replace(Path temp, Path target) throws IOException {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot rename " + temp + " over " + target
                        + " atomically", e);
            }
        }

        @Override
        public void delete(Path file) throws IOException {
            Files.deleteIfExists(file);
        }
    };

    /** Files handled at once: the work is waiting on the file system (renames over existing files flush data). */
    public static final int DEFAULT_PARALLELISM = 8;

    private final FileOps ops;
    private final int parallelism;

    public FileReplacer() {
        this(FILE_SYSTEM, DEFAULT_PARALLELISM);
    }

    public FileReplacer(FileOps ops) {
        this(ops, DEFAULT_PARALLELISM);
    }

    public FileReplacer(FileOps ops, int parallelism) {
        this.ops = Objects.requireNonNull(ops);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.parallelism = parallelism;
    }

    /** An operation on one file that may fail. */
    private interface FileTask<T> {
        T run(int index) throws IOException;
    }

    /** The outcome of one {@link FileTask}: a value or the failure. */
    private record Attempt<T>(T value, IOException failure) {
        boolean failed() {
            return failure != null;
        }
    }

    /**
     * Replaces every file of {@code changes}, or none.
     *
     * @throws CascadeWriteException naming the file that failed and saying whether the project was restored
     */
    public void replaceAll(List<FileChange> changes) throws CascadeWriteException {
        if (changes.isEmpty()) {
            return;
        }
        OwnedThreads threads = new OwnedThreads("cip-file-replacer");
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, changes.size()), threads);
        try {
            replaceAll(changes, pool);
        } finally {
            try {
                threads.stop(pool, Duration.ofMinutes(1)); // no thread outlives the cascade
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void replaceAll(List<FileChange> changes, ExecutorService pool) throws CascadeWriteException {
        // 1. Every file still holds what the change was computed from.
        List<Attempt<byte[]>> current = each(pool, changes.size(), i -> ops.read(changes.get(i).path()));
        for (int i = 0; i < changes.size(); i++) {
            FileChange change = changes.get(i);
            Attempt<byte[]> read = current.get(i);
            if (read.failed()) {
                throw new CascadeWriteException("Cannot read " + change.path() + ": " + reason(read.failure())
                        + "; nothing was changed.", true, read.failure());
            }
            if (!Arrays.equals(read.value(), change.oldBytes())) {
                throw new CascadeWriteException(change.path() + " changed while cip was working on it; nothing was"
                        + " changed. Run the cascade again.", true, null);
            }
        }

        // 2. Every new content is on disk next to its target.
        List<Attempt<Path>> temps = each(pool, changes.size(),
                i -> ops.writeTemp(changes.get(i).path(), changes.get(i).newBytes()));
        int failedTemp = firstFailure(temps);
        if (failedTemp >= 0) {
            deleteQuietly(temps.stream().filter(t -> !t.failed()).map(Attempt::value).toList());
            IOException e = temps.get(failedTemp).failure();
            throw new CascadeWriteException("Cannot write the new contents of " + changes.get(failedTemp).path()
                    + ": " + reason(e) + "; nothing was changed.", true, e);
        }

        // 3. Each one renamed over its target; if any rename fails, the others are put back.
        List<Attempt<Boolean>> renamed = each(pool, changes.size(), i -> {
            ops.replace(temps.get(i).value(), changes.get(i).path());
            return Boolean.TRUE;
        });
        int failedRename = firstFailure(renamed);
        if (failedRename >= 0) {
            List<FileChange> replaced = new ArrayList<>();
            List<Path> leftovers = new ArrayList<>();
            for (int i = 0; i < changes.size(); i++) {
                if (renamed.get(i).failed()) {
                    leftovers.add(temps.get(i).value());
                } else {
                    replaced.add(changes.get(i));
                }
            }
            deleteQuietly(leftovers);
            throw restore(replaced, changes.get(failedRename).path(), renamed.get(failedRename).failure());
        }
    }

    /** Runs {@code task} for indexes {@code 0..n-1} on {@code pool}; waits for all of them. */
    private static <T> List<Attempt<T>> each(ExecutorService pool, int n, FileTask<T> task) {
        List<Future<Attempt<T>>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.add(pool.submit(() -> {
                try {
                    return new Attempt<>(task.run(index), null);
                } catch (IOException e) {
                    return new Attempt<>(null, e);
                } catch (RuntimeException e) {
                    return new Attempt<>(null, new IOException(e.toString(), e));
                }
            }));
        }
        List<Attempt<T>> outcomes = new ArrayList<>(n);
        boolean interrupted = false;
        for (Future<Attempt<T>> f : futures) {
            while (true) {
                try {
                    outcomes.add(f.get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // finish waiting: the outcome of every file must be known
                } catch (ExecutionException e) {
                    outcomes.add(new Attempt<>(null, new IOException(String.valueOf(e.getCause()), e.getCause())));
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return outcomes;
    }

    private static int firstFailure(List<? extends Attempt<?>> outcomes) {
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).failed()) {
                return i;
            }
        }
        return -1;
    }

    /** Puts back the old contents of {@code replaced} after replacing {@code failed} went wrong. */
    private CascadeWriteException restore(List<FileChange> replaced, Path failed, IOException cause) {
        List<String> notRestored = new ArrayList<>();
        for (FileChange change : replaced) {
            Path temp = null;
            try {
                temp = ops.writeTemp(change.path(), change.oldBytes());
                ops.replace(temp, change.path());
            } catch (IOException | RuntimeException e) {
                if (temp != null) {
                    deleteQuietly(List.of(temp));
                }
                cause.addSuppressed(e);
                notRestored.add(change.path() + " (" + reason(e) + ")");
            }
        }
        String what = "Cannot replace " + failed + ": " + reason(cause) + ".";
        if (notRestored.isEmpty()) {
            String already = replaced.isEmpty() ? "No file had been replaced yet"
                    : "The " + replaced.size() + (replaced.size() == 1 ? " file" : " files")
                    + " already replaced were restored";
            return new CascadeWriteException(what + " " + already + "; nothing was changed.", true, cause);
        }
        return new CascadeWriteException(what + " Restoring the files already replaced failed for: "
                + String.join(", ", notRestored) + ". They hold their new contents; restore them from version"
                + " control (git checkout -- <file>).", false, cause);
    }

    private void deleteQuietly(List<Path> files) {
        for (Path f : files) {
            try {
                ops.delete(f);
            } catch (IOException | RuntimeException ignored) {
                // a leftover temporary file is harmless; the error being reported matters more
            }
        }
    }

    private static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
