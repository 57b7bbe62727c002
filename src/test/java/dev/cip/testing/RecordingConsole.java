package dev.cip.testing;

import dev.cip.report.Console;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A console that keeps every line, warnings and errors marked {@code WARN } and {@code ERROR }; safe from threads. */
public final class RecordingConsole implements Console {
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void info(String line) {
        lines.add(line);
    }

    @Override
    public void warn(String line) {
        lines.add("WARN " + line);
    }

    @Override
    public void error(String line) {
        lines.add("ERROR " + line);
    }

    /** Forgets the lines so far. */
    public void clear() {
        lines.clear();
    }

    /** The lines so far, in order. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
