package dev.cip.context;

import java.util.Map;

/** Where the keys of an info.edn's map are written, for problems that name the line of a key. */
final class EdnKeyLines {
    private EdnKeyLines() {
    }

    /**
     * The line of each keyword written directly in the top-level map (its first occurrence), so that a problem with
     * a key's value can name the line of the key. Strings, comments and character literals are skipped.
     */
    static Map<String, Integer> of(String text) {
        Map<String, Integer> lines = new java.util.HashMap<>();
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
                k++;
                while (k < n && text.charAt(k) != '"') {
                    if (text.charAt(k) == '\\') {
                        k++;
                    }
                    if (k < n && text.charAt(k) == '\n') {
                        line++;
                    }
                    k++;
                }
                k++;
            } else if (c == ';') {
                while (k < n && text.charAt(k) != '\n') {
                    k++;
                }
            } else if (c == '\\') {
                k += 2;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
                k++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
                k++;
            } else if (isDelimiter(c)) {
                k++;
            } else {
                int start = k;
                while (k < n && !isDelimiter(text.charAt(k)) && "\"();[]{}\\".indexOf(text.charAt(k)) < 0) {
                    k++;
                }
                if (depth == 1 && c == ':') {
                    lines.putIfAbsent(text.substring(start, k), line);
                }
            }
        }
        return lines;
    }

    private static boolean isDelimiter(char c) {
        return Character.isWhitespace(c) || c == ',';
    }
}
