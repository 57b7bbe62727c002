package dev.cip.context;

import java.util.HashMap;
import java.util.Map;

/**
 * The lines of the top-level keys of an info.edn text ({@code :version}, {@code :tags}, …), so that a problem with a
 * value can name the line of its key. Strings, comments and character literals are skipped as the reader's pre-scan
 * skips them; only keys of the outermost map count.
 */
final class EdnKeyLines {
    private final Map<String, Integer> lines = new HashMap<>();

    EdnKeyLines(String text) {
        int depth = 0;
        int line = 1;
        int n = text.length();
        int k = 0;
        while (k < n) {
            char c = text.charAt(k);
            if (c == '\n') {
                line++;
                k++;
            } else if (c == '"') {
                for (k++; k < n && text.charAt(k) != '"'; k++) {
                    if (text.charAt(k) == '\\') {
                        k++;
                    }
                    if (k < n && text.charAt(k) == '\n') {
                        line++;
                    }
                }
                k++;
            } else if (c == ';') {
                while (k < n && text.charAt(k) != '\n' && text.charAt(k) != '\r') {
                    k++;
                }
            } else if (c == '\\') {
                k += 2;
            } else if ("([{".indexOf(c) >= 0) {
                depth++;
                k++;
            } else if (")]}".indexOf(c) >= 0) {
                depth--;
                k++;
            } else if (Character.isWhitespace(c) || c == ',') {
                k++;
            } else {
                int start = k;
                while (k < n && !Character.isWhitespace(text.charAt(k)) && ",\"();[]{}\\".indexOf(text.charAt(k)) < 0) {
                    k++;
                }
                if (depth == 1 && c == ':') {
                    lines.putIfAbsent(text.substring(start, k), line);
                }
            }
        }
    }

    /** The line of {@code key} in the outermost map, or 0 when it is not found. */
    int line(us.bpsm.edn.Keyword key) {
        return lines.getOrDefault(key.toString(), 0);
    }
}
