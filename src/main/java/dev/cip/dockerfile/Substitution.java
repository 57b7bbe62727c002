package dev.cip.dockerfile;

import java.util.Map;
import java.util.Set;

/**
 * Dockerfile variable expansion: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-word}}, {@code ${VAR-word}},
 * {@code ${VAR:+word}}, {@code ${VAR+word}}, and the escape character before {@code $} for a literal dollar.
 */
public final class Substitution {
    /** {@code ${…}} nested deeper than this is refused (by the parser, with its line; here as a last guard). */
    public static final int MAX_DEPTH = 32;

    private Substitution() {
    }

    /**
     * Expands {@code text}; names of variables that had no value are added to {@code unresolved}.
     *
     * @throws IllegalArgumentException when {@code ${…}} is nested more than {@link #MAX_DEPTH} levels deep
     */
    public static String expand(String text, Map<String, String> vars, char escape, Set<String> unresolved) {
        if (depth(text) > MAX_DEPTH) {
            throw new IllegalArgumentException("variables are nested more than " + MAX_DEPTH + " levels deep");
        }
        return expandChecked(text, vars, escape, unresolved);
    }

    /** The deepest nesting of {@code ${} in {@code text}. */
    public static int depth(CharSequence text) {
        int depth = 0;
        int max = 0;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '$' && k + 1 < text.length() && text.charAt(k + 1) == '{') {
                max = Math.max(max, ++depth);
                k++;
            } else if (c == '}' && depth > 0) {
                depth--;
            }
        }
        return max;
    }

    private static String expandChecked(String text, Map<String, String> vars, char escape, Set<String> unresolved) {
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        int k = 0;
        while (k < n) {
            char c = text.charAt(k);
            if (c == escape && k + 1 < n && text.charAt(k + 1) == '$') {
                out.append('$');
                k += 2;
                continue;
            }
            if (c != '$' || k + 1 >= n) {
                out.append(c);
                k++;
                continue;
            }
            char next = text.charAt(k + 1);
            if (next == '{') {
                int close = matchingBrace(text, k + 2);
                if (close < 0) {
                    out.append(text, k, n);
                    break;
                }
                out.append(braced(text.substring(k + 2, close), vars, escape, unresolved));
                k = close + 1;
            } else if (Character.isLetter(next) || next == '_') {
                int e = k + 1;
                while (e < n && (Character.isLetterOrDigit(text.charAt(e)) || text.charAt(e) == '_')) {
                    e++;
                }
                String name = text.substring(k + 1, e);
                String value = vars.get(name);
                if (value == null) {
                    unresolved.add(name);
                } else {
                    out.append(value);
                }
                k = e;
            } else {
                out.append(c);
                k++;
            }
        }
        return out.toString();
    }

    private static String braced(String inner, Map<String, String> vars, char escape, Set<String> unresolved) {
        int e = 0;
        while (e < inner.length() && (Character.isLetterOrDigit(inner.charAt(e)) || inner.charAt(e) == '_')) {
            e++;
        }
        String name = inner.substring(0, e);
        String rest = inner.substring(e);
        String value = vars.get(name);
        if (rest.startsWith(":-") || rest.startsWith("-")) {
            boolean colon = rest.startsWith(":");
            String word = rest.substring(colon ? 2 : 1);
            boolean useWord = value == null || (colon && value.isEmpty());
            return useWord ? expandChecked(word, vars, escape, unresolved) : value;
        }
        if (rest.startsWith(":+") || rest.startsWith("+")) {
            boolean colon = rest.startsWith(":");
            String word = rest.substring(colon ? 2 : 1);
            boolean set = value != null && !(colon && value.isEmpty());
            return set ? expandChecked(word, vars, escape, unresolved) : "";
        }
        if (value == null) {
            unresolved.add(name);
            return "";
        }
        return value;
    }

    private static int matchingBrace(String text, int from) {
        int depth = 1;
        for (int k = from; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return k;
            }
        }
        return -1;
    }
}
