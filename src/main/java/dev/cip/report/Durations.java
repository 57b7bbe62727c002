package dev.cip.report;

import java.time.Duration;
import java.util.Locale;

/** How reports write durations (and the amounts of data that go with them). */
public final class Durations {
    private Durations() {
    }

    /** {@code 41.5 s}. */
    public static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** {@code 60 s}: a wait in whole seconds (at least 1). */
    public static String wholeSeconds(Duration d) {
        return Math.max(1, (d.toMillis() + 500) / 1000) + " s";
    }

    /** {@code 512 bytes}, {@code 3.2 MiB}, {@code 1.0 GiB}: an amount of data, for progress lines. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
