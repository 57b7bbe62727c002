package dev.cip.plan;

import java.nio.file.Path;

/** A fingerprint could not be computed; {@link #path()} names the file at fault. */
public final class FingerprintException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    public FingerprintException(Path path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** The file or directory that could not be read. */
    public Path path() {
        return path;
    }
}
