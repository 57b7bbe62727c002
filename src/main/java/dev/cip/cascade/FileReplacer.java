package dev.cip.cascade;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Replaces a set of files all or nothing: every file is first checked to hold what the change was computed from, then
 * every new content goes to a temporary file next to its target, then each temporary file is renamed over its target
 * (an atomic replacement: a reader sees the old or the new file, never a half-written one). When a rename fails, the
 * files already replaced get their old contents back the same way, and the error says so.
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
            Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".cip-tmp");
            try {
                Files.write(temp, content);
                PosixFileAttributeView posix = Files.getFileAttributeView(target, PosixFileAttributeView.class);
                if (posix != null) {
                    // createTempFile makes it owner-only; the replaced file keeps the mode it had.
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

    private final FileOps ops;

    public FileReplacer() {
        this(FILE_SYSTEM);
    }

    public FileReplacer(FileOps ops) {
        this.ops = Objects.requireNonNull(ops);
    }

    /**
     * Replaces every file of {@code changes}, or none.
     *
     * @throws CascadeWriteException naming the file that failed and saying whether the project was restored
     */
    public void replaceAll(List<FileChange> changes) throws CascadeWriteException {
        for (FileChange change : changes) {
            byte[] current;
            try {
                current = ops.read(change.path());
            } catch (IOException e) {
                throw new CascadeWriteException("Cannot read " + change.path() + ": " + reason(e)
                        + "; nothing was changed.", true, e);
            }
            if (!Arrays.equals(current, change.oldBytes())) {
                throw new CascadeWriteException(change.path() + " changed while cip was working on it; nothing was"
                        + " changed. Run cip:cascade again.", true, null);
            }
        }

        List<Path> temps = new ArrayList<>();
        for (FileChange change : changes) {
            try {
                temps.add(ops.writeTemp(change.path(), change.newBytes()));
            } catch (IOException e) {
                deleteQuietly(temps);
                throw new CascadeWriteException("Cannot write the new contents of " + change.path() + ": "
                        + reason(e) + "; nothing was changed.", true, e);
            }
        }

        for (int i = 0; i < changes.size(); i++) {
            try {
                ops.replace(temps.get(i), changes.get(i).path());
            } catch (IOException e) {
                deleteQuietly(temps.subList(i, temps.size()));
                throw restore(changes.subList(0, i), changes.get(i).path(), e);
            }
        }
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
