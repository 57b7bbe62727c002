package dev.cip.maven;

import org.apache.maven.plugin.logging.SystemStreamLog;

import java.util.List;

/** A Mojo log that keeps what the goal says at info, warn and error level as {@code "INFO …"}, {@code "WARN …"}. */
final class CapturedLog extends SystemStreamLog {
    private final List<String> lines;

    /** @param lines where the lines go (the test reads and clears it) */
    CapturedLog(List<String> lines) {
        this.lines = lines;
    }

    @Override
    public void info(CharSequence content) {
        lines.add("INFO " + content);
    }

    @Override
    public void warn(CharSequence content) {
        lines.add("WARN " + content);
    }

    @Override
    public void error(CharSequence content) {
        lines.add("ERROR " + content);
    }
}
