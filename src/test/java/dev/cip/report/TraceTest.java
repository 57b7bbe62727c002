package dev.cip.report;

import dev.cip.concurrent.Parallel;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceTest {

    @Test
    void spansAreTimedFromTheGoalStartInOrderWithTheTotalLast() throws Exception {
        Trace trace = new Trace(Instant.now().minusMillis(500));
        trace.sinceGoalStart("setup");
        try (var s = trace.span("scan")) {
            Thread.sleep(30);
        }
        Instant solveStart = Instant.now();
        Thread.sleep(40);
        trace.since("solve", solveStart);
        trace.sinceGoalStart(Trace.TOTAL);

        List<Trace.Span> spans = trace.spans();
        assertEquals(List.of("setup", "scan", "solve", "total"), spans.stream().map(Trace.Span::name).toList());
        Trace.Span setup = spans.get(0);
        assertEquals(0, setup.startMillis());
        assertTrue(setup.durationMillis() >= 500 && setup.durationMillis() < 5_000, setup.toString());
        Trace.Span scan = spans.get(1);
        assertTrue(scan.startMillis() >= 500 && scan.durationMillis() >= 30, scan.toString());
        Trace.Span solve = spans.get(2);
        assertTrue(solve.startMillis() >= scan.startMillis() + scan.durationMillis(), spans.toString());
        assertTrue(solve.durationMillis() >= 40, solve.toString());
        Trace.Span total = spans.get(3);
        assertEquals(0, total.startMillis());
        assertTrue(total.durationMillis() >= solve.startMillis() + solve.durationMillis(), spans.toString());
    }

    @Test
    void aSpanStartedFirstComesFirstEvenWhenItEndsLastWithinTheSameMillisecond() {
        Trace trace = new Trace(Instant.now());
        Trace.Running writing = trace.span("plan reports"); // ends on another thread, after the next step
        trace.span("verify signatures").close();
        writing.close();
        // (both start within one millisecond, nearly always: ordered by milliseconds, the one recorded first led)
        assertEquals(List.of("plan reports", "verify signatures"), trace.spans().stream().map(Trace.Span::name)
                .toList());
    }

    @Test
    void aSpanClosedTwiceIsRecordedOnce() {
        Trace trace = new Trace(Instant.now());
        Trace.Running running = trace.span("plan");
        running.close();
        running.close();
        assertEquals(1, trace.spans().size());
    }

    @Test
    void spansOfManyThreadsAreAllKeptAndTheirNumberIsBounded() throws Exception {
        Trace trace = new Trace(Instant.now());
        Parallel.forEach("trace-test", 4, IntStream.range(0, 400).boxed().toList(),
                i -> trace.span("probe " + i).close(), () -> { });
        assertEquals(400, trace.spans().size());
        IntStream.range(0, Trace.MAX_SPANS).forEach(i -> trace.span("more").close());
        assertEquals(Trace.MAX_SPANS, trace.spans().size());
    }

    @Test
    void theBlockHasOneAlignedLinePerSpan() {
        List<String> lines = Trace.lines(List.of(new Trace.Span("scan", 3, 12), new Trace.Span("builder probes", 15,
                240), new Trace.Span("total", 0, 1234)));
        assertEquals(List.of("Trace (ms since the goal started):",
                "  scan                 3 +     12 ms",
                "  builder probes      15 +    240 ms",
                "  total                0 +   1234 ms"), lines);
    }
}
