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
    /** One expanded value (an ARG default, an image reference) longer than this is refused. */
    public static final int MAX_EXPANDED_LENGTH = 65_536;
    /** Variable values substituted into one Dockerfile, all expansions together, beyond this are refused. */
    public static final int MAX_EXPANDED_TOTAL = 4 << 20;

    /**
     * What is left of the characters variable values may add, across every expansion of one Dockerfile: a chain of
     * ARGs each doubling the previous one would otherwise reach gigabytes from a file of a kilobyte.
     */
    public static final class Budget {
        private long left = MAX_EXPANDED_TOTAL;

        void spend(int characters) {
            left -= characters;
            if (left < 0) {
                throw new ExpansionTooLargeException(0, "expand to more than " + MAX_EXPANDED_TOTAL
                        + " characters in all (the limit for one Dockerfile); define fewer or shorter values");
            }
        }
    }

    private Substitution() {
    }

    /**
     * Expands {@code text}; names of variables that had no value are added to {@code unresolved}.
     *
     * @throws IllegalArgumentException     when {@code ${…}} is nested more than {@link #MAX_DEPTH} levels deep
     * @throws ExpansionTooLargeException when the result would be longer than {@link #MAX_EXPANDED_LENGTH}
     */
    public static String expand(String text, Map<String, String> vars, char escape, Set<String> unresolved) {
        return expand(text, vars, escape, unresolved, new Budget());
    }

    /**
     * {@link #expand(String, Map, char, Set)}, charging the characters variable values add to {@code budget}.
     *
     * @throws ExpansionTooLargeException when the result would be longer than {@link #MAX_EXPANDED_LENGTH} or the
     *                                    budget runs out
     */
    public static String expand(String text, Map<String, String> vars, char escape, Set<String> unresolved,
                                Budget budget) {
        if (depth(text) > MAX_DEPTH) {
            throw new IllegalArgumentException("variables are nested more than " + MAX_DEPTH + " levels deep");
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_EXPANDED_LENGTH));
        expandInto(out, text, vars, escape, unresolved, budget);
        return out.toString();
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

    private static void expandInto(StringBuilder out, String text, Map<String, String> vars, char escape,
                                   Set<String> unresolved, Budget budget) {
        int n = text.length();
        int k = 0;
        while (k < n) {
            char c = text.charAt(k);
            if (out.length() >= MAX_EXPANDED_LENGTH) {
                throw tooLong();
            }
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
                    appendLiteral(out, text, k, n);
                    break;
                }
                braced(out, text.substring(k + 2, close), vars, escape, unresolved, budget);
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
                    appendValue(out, value, budget);
                }
                k = e;
            } else {
                out.append(c);
                k++;
            }
        }
    }

    private static void braced(StringBuilder out, String inner, Map<String, String> vars, char escape,
                               Set<String> unresolved, Budget budget) {
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
            if (useWord) {
                expandInto(out, word, vars, escape, unresolved, budget);
            } else {
                appendValue(out, value, budget);
            }
            return;
        }
        if (rest.startsWith(":+") || rest.startsWith("+")) {
            boolean colon = rest.startsWith(":");
            String word = rest.substring(colon ? 2 : 1);
            boolean set = value != null && !(colon && value.isEmpty());
            if (set) {
                expandInto(out, word, vars, escape, unresolved, budget);
            }
            return;
        }
        if (value == null) {
            unresolved.add(name);
            return;
        }
        appendValue(out, value, budget);
    }

    private static void appendValue(StringBuilder out, String value, Budget budget) {
        if ((long) out.length() + value.length() > MAX_EXPANDED_LENGTH) {
            throw tooLong();
        }
        budget.spend(value.length());
        out.append(value);
    }

    private static void appendLiteral(StringBuilder out, String text, int from, int to) {
        if ((long) out.length() + (to - from) > MAX_EXPANDED_LENGTH) {
            throw tooLong();
        }
        out.append(text, from, to);
    }

    private static ExpansionTooLargeException tooLong() {
        return new ExpansionTooLargeException(0, "expand to more than " + MAX_EXPANDED_LENGTH
                + " characters (the limit for one value); define shorter values");
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
