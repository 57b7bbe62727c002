package dev.cip.report;

import java.time.Duration;
import java.util.Locale;

/** How reports write durations. */
public final class Durations {
    private Durations() {
    }

    /** {@code 41.5 s}. */
    public static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
