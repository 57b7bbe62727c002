package dev.cip.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a context's {@code .dockerignore}, with the semantics of Docker / BuildKit
 * (moby's {@code patternmatcher} module):
 * <ul>
 *   <li>one pattern per line; a line whose first character is {@code #} is a comment; surrounding whitespace is
 *       trimmed; blank lines are ignored; a UTF-8 BOM on the first line is dropped;</li>
 *   <li>a leading {@code !} makes the pattern an exception (it re-includes what earlier patterns excluded);</li>
 *   <li>patterns are cleaned like Go's {@code filepath.Clean} ({@code a//b/./c/} → {@code a/b/c}, {@code ..}
 *       resolved lexically) and a leading {@code /} is removed;</li>
 *   <li>{@code *} matches any run of characters except {@code /}, {@code ?} one character except {@code /},
 *       {@code [...]} a character class ({@code [^...]} negated, ranges {@code a-z}), {@code \} escapes the next
 *       character, {@code **} any number of directories (including none);</li>
 *   <li>patterns are evaluated in order and the last one that matches wins; a pattern that matched a directory
 *       also matches everything below it, so a pattern naming a directory excludes everything below it unless a later
 *       exception re-includes something.</li>
 * </ul>
 * The evaluation is BuildKit's (its context walk, {@code tonistiigi/fsutil}, uses patternmatcher's
 * {@code MatchesUsingParentResults} directory by directory), which differs from patternmatcher's
 * {@code MatchesOrParentMatches} in rare cases: with {@code foo/bar} then {@code !foo}, BuildKit excludes
 * {@code foo/bar/baz} (checked against Docker 26 with BuildKit).
 * Instances are immutable and thread-safe. Paths given to {@link #excludes(String)} are relative to the context,
 * use {@code /} and are already clean (no {@code .}, {@code ..}, leading or trailing or doubled {@code /}).
 */
public final class DockerIgnore {

    /** The file's name inside a context. */
    public static final String FILE_NAME = ".dockerignore";

    private static final DockerIgnore EMPTY = new DockerIgnore(List.of());

    private final List<Rule> rules;
    private final boolean hasExceptions;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.hasExceptions = rules.stream().anyMatch(r -> r.exception);
    }

    /** An instance that excludes nothing. */
    public static DockerIgnore empty() {
        return EMPTY;
    }

    /**
     * Reads {@code <contextDir>/.dockerignore}; a missing file excludes nothing.
     *
     * @throws IOException              when the file exists but cannot be read
     * @throws IllegalArgumentException when a pattern is malformed (the message names the file and the line)
     */
    public static DockerIgnore read(Path contextDir) throws IOException {
        Path file = contextDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return EMPTY; // the common case; cheaper than an exception
        }
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return EMPTY;
        }
        return parse(content, file.toString());
    }

    /** Parses the content of a {@code .dockerignore} file. */
    public static DockerIgnore parse(String content) {
        return parse(content, FILE_NAME);
    }

    /** Builds a matcher from the lines of a {@code .dockerignore} file (comments and blank lines allowed). */
    public static DockerIgnore of(String... lines) {
        return parse(String.join("\n", lines));
    }

    private static DockerIgnore parse(String content, String source) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = content.split("\r\n|\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = line.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            boolean exception = pattern.charAt(0) == '!';
            if (exception) {
                pattern = pattern.substring(1).strip();
            }
            if (!pattern.isEmpty()) {
                pattern = clean(pattern);
                if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                    pattern = pattern.substring(1);
                }
            }
            if (exception && pattern.isEmpty()) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": illegal exclusion pattern \"!\"");
            }
            String problem = syntaxError(pattern);
            if (problem != null) {
                throw new IllegalArgumentException(
                        source + ":" + (i + 1) + ": invalid pattern \"" + line.strip() + "\": " + problem);
            }
            rules.add(new Rule(pattern, exception));
        }
        return rules.isEmpty() ? EMPTY : new DockerIgnore(rules);
    }

    /** The cleaned patterns, in file order, exceptions prefixed with {@code !}. */
    public List<String> patterns() {
        List<String> out = new ArrayList<>(rules.size());
        for (Rule r : rules) {
            out.add(r.exception ? "!" + r.pattern : r.pattern);
        }
        return out;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether some pattern is an exception ({@code !...}). */
    public boolean hasExceptions() {
        return hasExceptions;
    }

    /**
     * Whether the path (a file or a directory, relative to the context, with {@code /}) is excluded from the build
     * context. Evaluated like BuildKit's context walk: directory by directory from the top, each level remembering
     * which patterns matched it ({@link #match(String, Match)}).
     */
    public boolean excludes(String path) {
        if (rules.isEmpty()) {
            return false;
        }
        Match m = root();
        int slash = path.indexOf('/');
        while (slash >= 0) {
            m = match(path.substring(0, slash), m);
            slash = path.indexOf('/', slash + 1);
        }
        return match(path, m).excluded();
    }

    /** The state of the context's root directory, the parent of its top-level entries. */
    public Match root() {
        return new Match(new boolean[rules.size()], false);
    }

    /**
     * Evaluates one path given the state of its parent directory (moby/patternmatcher's
     * {@code MatchesUsingParentResults}, as used by BuildKit): a pattern that matched the parent counts as matching
     * the path; otherwise, in file order, an inclusion pattern is tried while the path is not excluded, an exception
     * while it is, and the last pattern that matches decides.
     */
    public Match match(String path, Match parent) {
        boolean[] matchedBy = new boolean[rules.size()];
        boolean excluded = false;
        for (int i = 0; i < matchedBy.length; i++) {
            Rule rule = rules.get(i);
            boolean match = parent.matchedBy[i];
            if (!match) {
                if (rule.exception != excluded) {
                    continue;
                }
                match = rule.matches(path);
            }
            matchedBy[i] = match;
            if (match) {
                excluded = !rule.exception;
            }
        }
        return new Match(matchedBy, excluded);
    }

    /**
     * Whether everything below the directory is excluded, so that a walk may skip it without looking inside: the
     * directory is excluded and no exception could re-include anything below it.
     */
    public boolean excludesEverythingUnder(String directory) {
        return excludesEverythingUnder(directory, excludes(directory));
    }

    /** As {@link #excludesEverythingUnder(String)}, given the directory's own state. */
    public boolean excludesEverythingUnder(String directory, Match directoryState) {
        return excludesEverythingUnder(directory, directoryState.excluded());
    }

    private boolean excludesEverythingUnder(String directory, boolean excluded) {
        if (!excluded) {
            return false;
        }
        if (!hasExceptions) {
            return true;
        }
        String[] dirSegments = directory.split("/", -1);
        for (Rule rule : rules) {
            if (rule.exception && rule.couldMatchBelow(dirSegments)) {
                return false;
            }
        }
        return true;
    }

    /** The result of evaluating one path: whether it is excluded, and which patterns matched it (for its children). */
    public static final class Match {
        private final boolean[] matchedBy;
        private final boolean excluded;

        private Match(boolean[] matchedBy, boolean excluded) {
            this.matchedBy = matchedBy;
            this.excluded = excluded;
        }

        public boolean excluded() {
            return excluded;
        }
    }

    @Override
    public String toString() {
        return "DockerIgnore" + patterns();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private enum MatchType { EXACT, PREFIX, SUFFIX, REGEX }

    /**
     * One compiled pattern; mirrors patternmatcher's exact / prefix / suffix / regexp strategies. Where patternmatcher
     * compiles a Go regexp (linear-time RE2), the pattern here becomes a small program run as a set of states over the
     * path ({@link Glob}): linear in the path's length times the pattern's, never backtracking.
     */
    private static final class Rule {
        final String pattern;
        final boolean exception;
        final String[] segments;
        final MatchType type;
        final Glob glob;

        Rule(String pattern, boolean exception) {
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

        /** Parses the class starting after {@code [} (already checked by {@link #syntaxError}); returns its end. */
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
    }

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
                java.util.Arrays.fill(next, false);
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

    // ---------------------------------------------------------------------------------------------------------------

    /** Go's {@code filepath.Clean} for {@code /}-separated paths. */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.charAt(0) == '/';
        List<String> out = new ArrayList<>();
        int dotdots = 0; // leading ".." kept in a relative path
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (out.size() > dotdots) {
                    out.remove(out.size() - 1);
                } else if (!rooted) {
                    out.add("..");
                    dotdots++;
                }
                continue;
            }
            out.add(part);
        }
        String joined = String.join("/", out);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** The syntax errors Go's {@code filepath.Match} reports (as {@code ErrBadPattern}), or null. */
    static String syntaxError(String pattern) {
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char ch = pattern.charAt(i);
            if (ch == '\\') {
                if (++i >= n) {
                    return "trailing backslash";
                }
            } else if (ch == '[') {
                i++;
                if (i < n && pattern.charAt(i) == '^') {
                    i++;
                }
                boolean first = true;
                while (true) {
                    if (i >= n) {
                        return "unterminated character class";
                    }
                    char c = pattern.charAt(i);
                    if (c == ']' && !first) {
                        break;
                    }
                    // a class element: a character or an escaped one, optionally "-" and another
                    int[] next = classChar(pattern, i);
                    if (next == null) {
                        return "malformed character class";
                    }
                    int lo = pattern.codePointAt(next[0] - 1);
                    i = next[0];
                    if (i < n && pattern.charAt(i) == '-') {
                        next = classChar(pattern, i + 1);
                        if (next == null) {
                            return "malformed character range";
                        }
                        if (pattern.codePointAt(next[0] - 1) < lo) {
                            return "character range out of order";
                        }
                        i = next[0];
                    }
                    first = false;
                }
            }
        }
        return null;
    }

    /** Parses one class character at {@code i}; returns {index after it} or null when malformed. */
    private static int[] classChar(String pattern, int i) {
        int n = pattern.length();
        if (i >= n) {
            return null;
        }
        char c = pattern.charAt(i);
        if (c == '-' || c == ']') {
            return null;
        }
        if (c == '\\') {
            i++;
            if (i >= n) {
                return null;
            }
        }
        return new int[] {i + 1};
    }
}
