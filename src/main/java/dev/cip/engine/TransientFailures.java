package dev.cip.engine;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Tells a registry hiccup during a push (worth another attempt) from a real build failure (never retried). Registry
 * 2.8 answers 500 now and then under parallel pushes; networks reset connections.
 */
public final class TransientFailures {
    private static final Pattern TRANSIENT = Pattern.compile(
            "(?i)(\\b5\\d\\d\\b.*(internal server error|bad gateway|service unavailable|gateway timeout)"
                    + "|unexpected status[^\\n]*\\b5\\d\\d\\b|connection reset by peer|i/o timeout"
                    + "|tls handshake timeout|broken pipe|unexpected eof|connection refused"
                    + "|toomanyrequests|429 too many requests)");
    /** BuildKit's words for a failing Dockerfile step: never a registry hiccup. */
    private static final Pattern BUILD_STEP_FAILED = Pattern.compile(
            "(?i)(did not complete successfully|dockerfile parse error|failed to compute cache key"
                    + "|unknown instruction|failed to parse)");

    private TransientFailures() {
    }

    public static boolean isTransient(List<String> tail) {
        String text = String.join("\n", tail);
        return TRANSIENT.matcher(text).find() && !BUILD_STEP_FAILED.matcher(text).find();
    }
}
