package dev.cip.registry;

import java.nio.charset.StandardCharsets;

/**
 * Text that came from outside (a registry's error body, a token service, a credential helper) made safe for a
 * message or a log line: ANSI escape sequences removed, every other control character (newlines included) turned
 * into a space, runs of spaces collapsed, and the result cut at a length. A registry cannot forge log lines or
 * recolour the terminal through cip's messages.
 */
public final class ExternalText {
    /** The longest piece of outside text a message shows. */
    public static final int MAX_LENGTH = 200;

    private ExternalText() {
    }

    /** The bytes as UTF-8 (malformed sequences replaced), cleaned and cut at {@link #MAX_LENGTH}. */
    public static String clean(byte[] bytes) {
        return clean(new String(bytes, StandardCharsets.UTF_8));
    }

    /** {@code s} cleaned and cut at {@link #MAX_LENGTH}; empty for null. */
    public static String clean(String s) {
        return clean(s, MAX_LENGTH);
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
            boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || Character.getType(c) == Character.FORMAT;
            char keep = control ? ' ' : c;
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
