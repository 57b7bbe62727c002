package dev.cip.plan;

import dev.cip.failure.InvalidProjectInput;
import dev.cip.files.TextFiles;

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

    private final List<IgnorePattern> rules;
    private final boolean hasExceptions;

    private DockerIgnore(List<IgnorePattern> rules) {
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
        List<IgnorePattern> rules = new ArrayList<>();
        String[] lines = TextFiles.withoutByteOrderMark(content).split("\r\n|\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
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
                throw new InvalidProjectInput(Path.of(source), i + 1, source + ":" + (i + 1)
                        + ": illegal exclusion pattern \"!\"", null);
            }
            String problem = syntaxError(pattern);
            if (problem != null) {
                throw new InvalidProjectInput(Path.of(source), i + 1,
                        source + ":" + (i + 1) + ": invalid pattern \"" + line.strip() + "\": " + problem, null);
            }
            rules.add(new IgnorePattern(pattern, exception));
        }
        return rules.isEmpty() ? EMPTY : new DockerIgnore(rules);
    }

    /** The cleaned patterns, in file order, exceptions prefixed with {@code !}. */
    public List<String> patterns() {
        List<String> out = new ArrayList<>(rules.size());
        for (IgnorePattern r : rules) {
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
            IgnorePattern rule = rules.get(i);
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
        for (IgnorePattern rule : rules) {
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
