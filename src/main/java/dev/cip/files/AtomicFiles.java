package dev.cip.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Whole-file writes that no reader sees half done. */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> READABLE_BY_ALL = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {
    }

    /**
     * Writes {@code content} (UTF-8) to a temporary file beside {@code file} and renames it over {@code file}; the
     * file is readable by all ({@code rw-r--r--}) where permissions are POSIX. Creates the parent directories.
     */
    public static void write(Path file, String content) throws IOException {
        write(file, content, READABLE_BY_ALL);
    }

    /**
     * As {@link #write}, but the file is readable by its owner only ({@code rw-------}) where permissions are POSIX,
     * from the moment it is created: for content that may be sensitive.
     */
    public static void writeOwnerOnly(Path file, String content) throws IOException {
        write(file, content, OWNER_ONLY);
    }

    private static void write(Path file, String content, Set<PosixFilePermission> mode) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        // Created owner-only, so that no other user can open it before its mode is set.
        Path tmp = posix
                ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            if (posix) {
                Files.setPosixFilePermissions(tmp, mode);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
