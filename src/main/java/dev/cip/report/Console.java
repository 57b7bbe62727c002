package dev.cip.report;

/** Where the core reports progress; the Maven adapter maps it to the Mojo log. */
public interface Console {
    void info(String line);

    void warn(String line);

    /** A failure (an image FAILED or BLOCKED); a warning where no error level exists. */
    default void error(String line) {
        warn(line);
    }

    /** Detail for whoever asked for it (Maven's {@code -X}); dropped by default. */
    default void debug(String line) {
    }
}
