package dev.cip.context;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.cip.context.InfoEdnReader.MAX_DEPTH;
import static dev.cip.context.InfoEdnReader.MAX_NUMBER_LENGTH;

/**
 * One pass over an info.edn's text before it is parsed: whether it stays within the parser's bounds, and where the
 * keys of its map are written.
 *
 * @param tooBig   the first bound the text goes over, with its line
 * @param keyLines the line of each keyword of the top-level map
 */
record EdnScan(Optional<Problem> tooBig, Map<String, Integer> keyLines) {

    /**
     * Checks, before parsing, the nesting depth of collections and the length of numbers (outside strings, comments
     * and character literals): the first one over its limit, with its line; and the line of each keyword written
     * directly in the top-level map (its first occurrence), so that a problem with a key's value can name the line of
     * the key.
     */
    static EdnScan of(Path file, String text) {
        Map<String, Integer> keyLines = new HashMap<>();
        int depth = 0;
        int prefixes = 0; // tags and #_ in a row, each one more level of the recursive parser
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
                prefixes = 0;
            } else if (c == ';') {
                while (k < n && text.charAt(k) != '\n') {
                    k++;
                }
            } else if (c == '\\') {
                k += 2; // a character literal: never a bracket or a number start
                prefixes = 0;
            } else if (c == '(' || c == '[' || c == '{') {
                if (++depth + prefixes > MAX_DEPTH) {
                    return tooBig(keyLines, Problem.at(file, line, "has collections nested more than " + MAX_DEPTH
                            + " levels deep; an info.edn holds a small map such as {:version \"1.0.0\"}"));
                }
                k++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
                prefixes = 0;
                k++;
            } else if (isDelimiter(c)) {
                k++;
            } else {
                int start = k;
                while (k < n && !isDelimiter(text.charAt(k)) && "\"();[]{}\\".indexOf(text.charAt(k)) < 0) {
                    k++;
                }
                boolean number = Character.isDigit(c) || ((c == '+' || c == '-') && start + 1 < n
                        && Character.isDigit(text.charAt(start + 1)));
                if (number && k - start > MAX_NUMBER_LENGTH) {
                    return tooBig(keyLines, Problem.at(file, line, "has a number " + (k - start) + " characters long;"
                            + " numbers are limited to " + MAX_NUMBER_LENGTH + " characters"));
                }
                if (depth == 1 && c == ':') {
                    keyLines.putIfAbsent(text.substring(start, k), line);
                }
                boolean prefix = c == '#' && k - start > 1 && text.charAt(start + 1) != '#';
                if (!prefix) {
                    prefixes = 0;
                } else if (depth + ++prefixes > MAX_DEPTH) {
                    return tooBig(keyLines, Problem.at(file, line, "has tags or #_ nested more than " + MAX_DEPTH
                            + " levels deep; an info.edn holds a small map such as {:version \"1.0.0\"}"));
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
