package dev.cip.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where the time of one run goes: named spans, each with its start (milliseconds since the goal started) and its
 * duration, for {@code report.json} and the verbose block. One per run; safe to use from several threads.
 */
public final class Trace {
    /** The most spans one run keeps: a run records a dozen, a runaway loop must not grow the report without end. */
    static final int MAX_SPANS = 1_000;

    /** One timed step of a run. */
    @JsonPropertyOrder({"name", "startMillis", "durationMillis"})
    public record Span(String name, long startMillis, long durationMillis) {
    }

    /** A span being timed; closing it records it. */
    public final class Running implements AutoCloseable {
        private final String name;
        private final long startNanos = System.nanoTime();
        private boolean closed;

        private Running(String name) {
            this.name = name;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                record(name, startNanos, System.nanoTime());
            }
        }
    }

    /** The span from the goal's start to its end. */
    public static final String TOTAL = "total";

    private final long originNanos;
    /** Each span with its start in {@link System#nanoTime()}'s terms: spans started within one millisecond (on
     *  different threads) are still told apart in order. */
    private final List<Recorded> spans = new ArrayList<>();

    private record Recorded(Span span, long startNanos) {
    }

    /** A trace whose time 0 is {@code goalStart} (an instant shortly before now). */
    public Trace(Instant goalStart) {
        long sinceStart = Math.max(0, Duration.between(goalStart, Instant.now()).toNanos());
        this.originNanos = System.nanoTime() - sinceStart;
    }

    /** Starts timing {@code name}: {@code try (var s = trace.span("plan")) { … }}. */
    public Running span(String name) {
        return new Running(name);
    }

    /** Records {@code name} from {@code start} to now (a span whose start was taken elsewhere). */
    public void since(String name, Instant start) {
        long now = System.nanoTime();
        long ago = Math.max(0, Duration.between(start, Instant.now()).toNanos());
        record(name, now - ago, now);
    }

    /** Records {@code name} from the goal's start to now (the set-up before a run, or the goal's {@code total}). */
    public void sinceGoalStart(String name) {
        record(name, originNanos, System.nanoTime());
    }

    private synchronized void record(String name, long startNanos, long endNanos) {
        if (spans.size() < MAX_SPANS) {
            spans.add(new Recorded(new Span(name, Math.max(0, (startNanos - originNanos) / 1_000_000),
                    Math.max(0, (endNanos - startNanos) / 1_000_000)), startNanos));
        }
    }

    /** The spans recorded so far by start (as recorded among equal starts), the {@value #TOTAL} last. */
    public synchronized List<Span> spans() {
        List<Recorded> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparing((Recorded r) -> r.span().name().equals(TOTAL))
                .thenComparingLong(Recorded::startNanos));
        return sorted.stream().map(Recorded::span).toList();
    }

    /** The spans as one compact block: a heading and one line per span, aligned. */
    public static List<String> lines(List<Span> spans) {
        int width = spans.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        List<String> out = new ArrayList<>();
        out.add("Trace (ms since the goal started):");
        for (Span s : spans) {
            out.add(String.format("  %-" + Math.max(1, width) + "s %7d +%7d ms", s.name(), s.startMillis(),
                    s.durationMillis()));
        }
        return out;
    }
}
