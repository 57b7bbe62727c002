package dev.cip.cascade;

import java.io.IOException;

/** Writing a cascade failed; the message says which file, why, and whether the files already replaced were restored. */
public final class CascadeWriteException extends IOException {
    private final boolean restored;

    public CascadeWriteException(String message, boolean restored, Throwable cause) {
        super(message, cause);
        this.restored = restored;
    }

    /** True when the project was left exactly as it was before the run. */
    public boolean restored() {
        return restored;
    }
}
