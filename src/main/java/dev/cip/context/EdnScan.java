package dev.cip.context;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.cip.context.InfoEdnReader.MAX_DEPTH;
import static dev.cip.context.InfoEdnReader.MAX_NUMBER_LENGTH;
import static dev.cip.context.InfoEdnReader.MAX_PREFIXES;

/**
 * One pass over an info.edn's text before it is parsed: whether it stays within the parser's bounds, and where the
 * keys of its map are written.
 *
 * @param tooBig   the first bound the text goes over, with its line
 * @param keyLines the line of each keyword of the top-level map
 */
record EdnScan(Optional<Problem> tooBig, Map<String, Integer> keyLines) {

    /**
     * Checks, before parsing, the nesting depth of collections, the number of tags, {@code #_} discards and sets
     * (every {@code #}: edn-java recurses once per tag and per discard, {@code #_#_#_…} and {@code #_ 1 #_ 1 …}
     * alike), and the length of numbers (outside strings, comments and character literals): the first one over its limit, with its line; and the line of each keyword written
     * directly in the top-level map (its first occurrence), so that a problem with a key's value can name the line of
     * the key.
     */
    static EdnScan of(Path file, String text) {
        Map<String, Integer> keyLines = new HashMap<>();
        int depth = 0;
        int prefixes = 0; // every '#' outside strings and comments: a tag, a discard or a set, each a level at most
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
                // edn-java ends a comment at CR as well as LF: what follows a lone CR is read, so it is checked
                while (k < n && text.charAt(k) != '\n' && text.charAt(k) != '\r') {
                    k++;
                }
            } else if (c == '\\') {
                k += 2; // a character literal: never a bracket or a number start
            } else if (c == '(' || c == '[' || c == '{') {
                if (++depth > MAX_DEPTH) {
                    return tooBig(keyLines, Problem.at(file, line, "has collections nested more than " + MAX_DEPTH
                            + " levels deep; an info.edn holds a small map such as {:version \"1.0.0\"}"));
                }
                k++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
                k++;
            } else if (isDelimiter(c)) {
                k++;
            } else {
                int start = k;
                while (k < n && !isDelimiter(text.charAt(k)) && "\"();[]{}\\".indexOf(text.charAt(k)) < 0) {
                    if (text.charAt(k) == '#' && ++prefixes > MAX_PREFIXES) {
                        return tooBig(keyLines, Problem.at(file, line, "has more than " + MAX_PREFIXES + " tags, #_"
                                + " discards and #{ sets; an info.edn holds a small map such as {:version \"1.0.0\"}"));
                    }
                    k++;
                }
                if (depth == 1 && c == ':') {
                    keyLines.putIfAbsent(text.substring(start, k), line);
                }
                boolean number = Character.isDigit(c) || ((c == '+' || c == '-') && start + 1 < n
                        && Character.isDigit(text.charAt(start + 1)));
                if (number && k - start > MAX_NUMBER_LENGTH) {
                    return tooBig(keyLines, Problem.at(file, line, "has a number " + (k - start) + " characters long;"
                            + " numbers are limited to " + MAX_NUMBER_LENGTH + " characters"));
                }
            }
        }
        return new EdnScan(Optional.empty(), keyLines);
    }

    private static EdnScan tooBig(Map<String, Integer> keyLines, Problem problem) {
        return new EdnScan(Optional.of(problem), keyLines);
    }

    private static boolean isDelimiter(char c) {
        return Character.isWhitespace(c) || c == ',';
    }
}
