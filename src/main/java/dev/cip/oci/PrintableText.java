package dev.cip.oci;

/**
 * Text made safe for a message, a log line or a report: ANSI escape sequences removed, every other control character
 * (newlines included) turned into a space, runs of spaces collapsed, and the result cut at a length. Used for text
 * from outside (a registry's error body, a token service) and for the project's own text (a tag in info.edn, a
 * directory name) alike, so that no file or server can forge log lines or recolour the terminal through cip.
 */
public final class PrintableText {
    private PrintableText() {
    }

    /** Whether {@code s} holds a character {@link #clean} would remove or replace. */
    public static boolean hasControlCharacters(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** {@code s} as it is when it holds no control character, else {@linkplain #clean cleaned} at {@code max}. */
    public static String cleanIfNeeded(String s, int max) {
        return s == null || !hasControlCharacters(s) ? s : clean(s, max);
    }

    private static boolean isControl(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.FORMAT;
    }

    /** {@code s} cleaned and cut at {@code max} characters (an ellipsis marks the cut); empty for null. */
    public static String clean(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), max + 1));
        int i = 0;
        int n = s.length();
        while (i < n && out.length() <= max) {
            char c = s.charAt(i);
            if (c == '\u001b' || c == '\u009b') {
                i = skipEscape(s, i);
                continue;
            }
            char keep = isControl(c) ? ' ' : c;
            if (keep == ' ' && (out.length() == 0 || out.charAt(out.length() - 1) == ' ')) {
                i++;
                continue;
            }
            out.append(keep);
            i++;
        }
        String text = out.toString().strip();
        if (text.length() > max) {
            return text.substring(0, max).strip() + "…";
        }
        return i < n && !text.isEmpty() ? text + "…" : text;
    }

    /** The index after an escape sequence starting at {@code i} (CSI {@code ESC [ … final}, OSC, or ESC + one). */
    private static int skipEscape(String s, int i) {
        int n = s.length();
        boolean csi = s.charAt(i) == '\u009b';
        int j = i + 1;
        if (!csi && j < n && s.charAt(j) == '[') {
            csi = true;
            j++;
        }
        if (csi) {
            while (j < n && (s.charAt(j) < 0x40 || s.charAt(j) > 0x7e)) {
                j++;
            }
            return Math.min(n, j + 1);
        }
        if (j < n && s.charAt(j) == ']') {
            while (j < n && s.charAt(j) != '\u0007' && !(s.charAt(j) == '\u001b' && j + 1 < n
                    && s.charAt(j + 1) == '\\')) {
                j++;
            }
            return Math.min(n, s.charAt(Math.min(j, n - 1)) == '\u0007' ? j + 1 : j + 2);
        }
        return Math.min(n, j + 1);
    }
}
