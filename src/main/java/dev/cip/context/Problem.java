package dev.cip.context;

import java.nio.file.Path;

/**
 * One thing wrong (or worth a warning) in a project, pinned to a file and, where known, a line.
 *
 * @param file the file or directory concerned; never null
 * @param line 1-based line number, or 0 when there is none
 * @param message what is wrong and what to do
 */
public record Problem(Path file, int line, String message) {

    public static Problem at(Path file, String message) {
        return new Problem(file, 0, message);
    }

    public static Problem at(Path file, int line, String message) {
        return new Problem(file, line, message);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
