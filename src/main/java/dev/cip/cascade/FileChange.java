package dev.cip.cascade;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The new contents of one file, with the contents they were computed from (so a write can refuse a file that changed
 * in between, and a failed run can put the old contents back).
 */
public record FileChange(Path path, String oldText, String newText) {
    public FileChange {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(oldText, "oldText");
        Objects.requireNonNull(newText, "newText");
    }

    byte[] oldBytes() {
        return oldText.getBytes(StandardCharsets.UTF_8);
    }

    byte[] newBytes() {
        return newText.getBytes(StandardCharsets.UTF_8);
    }
}
