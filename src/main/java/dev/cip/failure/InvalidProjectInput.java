package dev.cip.failure;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A file of the project cannot be used (a build context that cannot be read, a bad {@code .dockerignore} pattern) or
 * a value in one cannot be acted on (a version with no component to raise); with the file, and the line where known.
 */
public final class InvalidProjectInput extends UserFailure {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    /** A problem of {@code file} as a whole, or of a value whose file the thrower does not know ({@code null}). */
    public InvalidProjectInput(Path file, String message, Throwable cause) {
        this(file, 0, message, cause);
    }

    /** @param line the 1-based line in {@code file}, or 0 when not known */
    public InvalidProjectInput(Path file, int line, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.line = Math.max(0, line);
    }

    /** The file at fault, when known. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The 1-based line in {@link #file()}, when known. */
    public OptionalInt line() {
        return line == 0 ? OptionalInt.empty() : OptionalInt.of(line);
    }
}
