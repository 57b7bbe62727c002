package dev.cip.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One compiled {@code .dockerignore} pattern; mirrors patternmatcher's exact / prefix / suffix / regexp strategies. Where patternmatcher
 * compiles a Go regexp (linear-time RE2), the pattern here becomes a small program run as a set of states over the
 * path ({@link Glob}): linear in the path's length times the pattern's, never backtracking.
 */
final class IgnorePattern {
    final String pattern;
    final boolean exception;
    final String[] segments;
    final MatchType type;
    final Glob glob;

    IgnorePattern(String pattern, boolean exception) {
        this.pattern = pattern;
        this.exception = exception;
        this.segments = pattern.split("/", -1);
        List<Op> ops = new ArrayList<>();
        MatchType detected = MatchType.EXACT;
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char ch = pattern.charAt(i);
            if (ch == '*') {
                if (i + 1 < n && pattern.charAt(i + 1) == '*') {
                    boolean atStart = i == 0;
                    i++;
                    if (i + 1 < n && pattern.charAt(i + 1) == '/') {
                        i++; // "**/" is treated as "**"
                    }
                    if (i + 1 >= n) {
                        if (detected == MatchType.EXACT) {
                            detected = MatchType.PREFIX;
                        } else {
                            ops.add(Op.of(Kind.ANY_RUN)); // .*
                            detected = MatchType.REGEX;
                        }
                    } else {
                        ops.add(Op.of(Kind.DIRS_ENTER)); // (.*/)?
                        ops.add(Op.of(Kind.DIRS_BODY));
                        detected = MatchType.REGEX;
                    }
                    if (atStart) {
                        detected = MatchType.SUFFIX;
                    }
                } else {
                    ops.add(Op.of(Kind.STAR)); // [^/]*
                    detected = MatchType.REGEX;
                }
            } else if (ch == '?') {
                ops.add(Op.of(Kind.ONE)); // [^/]
                detected = MatchType.REGEX;
            } else if (ch == '\\') {
                i++; // a trailing backslash is refused by syntaxError
                ops.add(Op.literal(pattern.codePointAt(i)));
                i += Character.charCount(pattern.codePointAt(i)) - 1;
                detected = MatchType.REGEX;
            } else if (ch == '[') {
                i = characterClass(pattern, i + 1, ops);
                detected = MatchType.REGEX;
            } else if (ch == ']') {
                ops.add(Op.literal(']'));
                detected = MatchType.REGEX;
            } else if (ch == '^') {
                ops.add(Op.of(Kind.START)); // as in Docker: passed to the regexp, where it is an anchor
            } else {
                int cp = pattern.codePointAt(i);
                ops.add(Op.literal(cp));
                i += Character.charCount(cp) - 1;
            }
        }
        this.type = detected;
        this.glob = detected == MatchType.REGEX ? new Glob(ops) : null;
    }

    /** Parses the class starting after {@code [} (already checked by {@link DockerIgnore#syntaxError}); returns its end. */
    private static int characterClass(String pattern, int i, List<Op> ops) {
        boolean negated = false;
        if (pattern.charAt(i) == '^') {
            negated = true;
            i++;
        }
        List<Integer> ranges = new ArrayList<>();
        while (pattern.charAt(i) != ']' || ranges.isEmpty()) {
            if (pattern.charAt(i) == '\\') {
                i++;
            }
            int lo = pattern.codePointAt(i);
            i += Character.charCount(lo);
            int hi = lo;
            if (pattern.charAt(i) == '-') {
                i++;
                if (pattern.charAt(i) == '\\') {
                    i++;
                }
                hi = pattern.codePointAt(i);
                i += Character.charCount(hi);
            }
            ranges.add(lo);
            ranges.add(hi);
        }
        ops.add(new Op(Kind.CLASS, 0, ranges.stream().mapToInt(Integer::intValue).toArray(), negated));
        return i;
    }

    boolean matches(String path) {
        switch (type) {
            case EXACT:
                return path.equals(pattern);
            case PREFIX:
                return path.startsWith(pattern.substring(0, pattern.length() - 2));
            case SUFFIX: {
                String suffix = pattern.substring(2);
                if (path.endsWith(suffix)) {
                    return true;
                }
                return !suffix.isEmpty() && suffix.charAt(0) == '/' && path.equals(suffix.substring(1));
            }
            default:
                return glob.matches(path);
        }
    }

    /**
     * Conservatively, whether this pattern could match some path strictly below the directory: its literal leading
     * segments agree with the directory's and it is either longer than the directory or has a wildcard.
     */
    boolean couldMatchBelow(String[] dirSegments) {
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i];
            if (!isLiteral(seg) || i >= dirSegments.length) {
                return true;
            }
            if (!seg.equals(dirSegments[i])) {
                return false;
            }
        }
        return false; // fully literal, names the directory itself or one of its parents
    }

    private static boolean isLiteral(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            switch (segment.charAt(i)) {
                case '*', '?', '[', ']', '\\', '^':
                    return false;
                default:
                    break;
            }
        }
        return true;
    }

    enum MatchType { EXACT, PREFIX, SUFFIX, REGEX }

    /** What one step of a compiled pattern does. */
    private enum Kind {
        /** one given character */
        LITERAL,
        /** one character but {@code /} ({@code ?}) */
        ONE,
        /** one character of a class ({@code [...]}, {@code [^...]}) */
        CLASS,
        /** any run of characters but {@code /} ({@code *}) */
        STAR,
        /** any run of characters ({@code **} at the end, after a wildcard) */
        ANY_RUN,
        /** "any directories" (a {@code **} inside the pattern): skip, or enter {@link #DIRS_BODY} */
        DIRS_ENTER,
        /** inside "any directories": any character; a {@code /} may also leave */
        DIRS_BODY,
        /** the start of the path ({@code ^}) */
        START
    }

    /** One step: a kind, and its character or class ranges ({@code lo, hi} pairs). */
    private record Op(Kind kind, int codePoint, int[] ranges, boolean negated) {
        static Op of(Kind kind) {
            return new Op(kind, 0, null, false);
        }

        static Op literal(int codePoint) {
            return new Op(Kind.LITERAL, codePoint, null, false);
        }

        /** Whether this step consumes {@code c} (for steps that consume one character). */
        boolean accepts(int c) {
            return switch (kind) {
                case LITERAL -> c == codePoint;
                case ONE, STAR -> c != '/';
                case ANY_RUN, DIRS_BODY -> true;
                case CLASS -> {
                    boolean in = false;
                    for (int k = 0; k < ranges.length; k += 2) {
                        if (c >= ranges[k] && c <= ranges[k + 1]) {
                            in = true;
                            break;
                        }
                    }
                    yield in != negated;
                }
                default -> false;
            };
        }
    }

    /**
     * A compiled pattern run as a set of states over the path's code points (a Thompson simulation): each state is a
     * step index, {@code ops.size()} is the accepting state. Time is O(path length × steps), whatever the pattern.
     */
    private static final class Glob {
        private final Op[] ops;

        Glob(List<Op> ops) {
            this.ops = ops.toArray(Op[]::new);
        }

        boolean matches(String path) {
            int m = ops.length;
            boolean[] current = new boolean[m + 1];
            boolean[] next = new boolean[m + 1];
            int[] stack = new int[m + 1];
            add(current, 0, true, stack);
            boolean any = current[m] || anyActive(current);
            for (int k = 0; k < path.length() && any; ) {
                int c = path.codePointAt(k);
                k += Character.charCount(c);
                Arrays.fill(next, false);
                for (int s = 0; s < m; s++) {
                    if (!current[s]) {
                        continue;
                    }
                    Op op = ops[s];
                    switch (op.kind()) {
                        case LITERAL, ONE, CLASS -> {
                            if (op.accepts(c)) {
                                add(next, s + 1, false, stack);
                            }
                        }
                        case STAR, ANY_RUN -> {
                            if (op.accepts(c)) {
                                add(next, s, false, stack);
                            }
                        }
                        case DIRS_BODY -> {
                            add(next, s, false, stack);
                            if (c == '/') {
                                add(next, s + 1, false, stack);
                            }
                        }
                        default -> {
                            // DIRS_ENTER and START consume nothing; their closure was taken when they were added
                        }
                    }
                }
                boolean[] t = current;
                current = next;
                next = t;
                any = anyActive(current) || current[m];
            }
            return current[m];
        }

        private static boolean anyActive(boolean[] states) {
            for (boolean b : states) {
                if (b) {
                    return true;
                }
            }
            return false;
        }

        /** Adds {@code state} and every state reachable from it without consuming a character. */
        private void add(boolean[] set, int state, boolean atStart, int[] stack) {
            int top = 0;
            stack[top++] = state;
            while (top > 0) {
                int s = stack[--top];
                if (set[s]) {
                    continue;
                }
                set[s] = true;
                if (s == ops.length) {
                    continue;
                }
                switch (ops[s].kind()) {
                    case STAR, ANY_RUN -> stack[top++] = s + 1;
                    case DIRS_ENTER -> {
                        stack[top++] = s + 2;
                        stack[top++] = s + 1;
                    }
                    case START -> {
                        if (atStart) {
                            stack[top++] = s + 1;
                        }
                    }
                    default -> {
                        // consumes a character
                    }
                }
            }
        }
    }
}
