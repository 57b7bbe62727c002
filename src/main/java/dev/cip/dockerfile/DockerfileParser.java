package dev.cip.dockerfile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cip.json.Json;
import dev.cip.files.TextFiles;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Dockerfile into instructions the way BuildKit's front end does: parser directives, comments, line
 * continuations (with the {@code escape} directive), CRLF line endings and heredocs. It only parses; it knows nothing of
 * images or registries. Every word keeps its offset in the original text so that callers can edit it exactly.
 */
public final class DockerfileParser {
    private static final Set<String> DIRECTIVES = Set.of("syntax", "escape", "check");
    /** A heredoc word: an optional fd number, {@code <<} or {@code <<-}, then the (possibly quoted) delimiter. */
    private static final Pattern HEREDOC = Pattern.compile("^([0-9]*)<<(-?)\\s*([^<]*)$", Pattern.DOTALL);
    private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("RUN", "COPY", "ADD");

    public ParsedDockerfile parse(String text) {
        List<int[]> lines = physicalLines(text);
        List<Instruction> instructions = new ArrayList<>();
        List<ParsedDockerfile.SyntaxProblem> problems = new ArrayList<>();
        char escape = '\\';

        int i = 0;
        // Parser directives: only at the very top; the first line that is not one ends them (a blank line, a plain
        // comment, an unknown directive, an instruction). Directive lines are comments for what follows.
        Set<String> seen = new HashSet<>();
        while (i < lines.size()) {
            String line = stripLeading(content(text, lines.get(i)));
            if (!line.startsWith("#")) {
                break;
            }
            String[] directive = directive(stripLeading(line.substring(1)));
            if (directive == null || !DIRECTIVES.contains(directive[0].toLowerCase(Locale.ROOT))) {
                break;
            }
            String name = directive[0].toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                problems.add(new ParsedDockerfile.SyntaxProblem(i + 1,
                        "only one " + name + " parser directive can be used"));
            } else if (name.equals("escape")) {
                String value = directive[1];
                if (value.equals("`") || value.equals("\\")) {
                    escape = value.charAt(0);
                } else {
                    problems.add(new ParsedDockerfile.SyntaxProblem(i + 1,
                            "invalid escape directive '" + value + "': use \\ or `"));
                }
            }
            i++;
        }

        while (i < lines.size()) {
            int[] firstLine = lines.get(i);
            String raw = content(text, firstLine);
            i++;
            int lead = raw.length() - stripLeading(raw).length();
            String first = raw.substring(lead);
            if (first.startsWith("#")) {
                continue; // a comment, even one ending in the escape character
            }
            int startLine = i;
            StringBuilder logical = new StringBuilder();
            List<Integer> offsets = new ArrayList<>();
            int end = continuation(first, escape);
            boolean continued = end >= 0;
            append(logical, offsets, first, continued ? end : first.length(), firstLine[0] + lead);
            if (!continued && logical.isEmpty()) {
                continue; // a blank line
            }
            while (continued && i < lines.size()) {
                int[] line = lines.get(i);
                String c = content(text, line);
                i++;
                String t = stripLeading(c);
                // Comment and empty lines inside a continued instruction are dropped by the builder.
                if (t.startsWith("#") || t.isEmpty()) {
                    continue;
                }
                end = continuation(c, escape);
                continued = end >= 0;
                append(logical, offsets, c, continued ? end : c.length(), line[0]);
            }
            // A continuation on the last line simply ends the instruction, as in BuildKit.
            if (Substitution.depth(logical) > Substitution.MAX_DEPTH) {
                problems.add(new ParsedDockerfile.SyntaxProblem(startLine, "has variables ${…} nested more than "
                        + Substitution.MAX_DEPTH + " levels deep"));
                continue;
            }
            List<Token> words = words(text, logical, offsets);
            if (words.isEmpty()) {
                continue;
            }
            String keyword = words.get(0).text().toUpperCase(Locale.ROOT);
            List<Token> args = words.subList(1, words.size());
            instructions.add(new Instruction(keyword, startLine, args));

            for (String delimiter : heredocs(keyword, args, logical)) {
                boolean stripTabs = delimiter.startsWith("-");
                String word = delimiter.substring(1);
                boolean closed = false;
                while (i < lines.size()) {
                    String body = content(text, lines.get(i));
                    i++;
                    String candidate = stripTabs ? body.replaceFirst("^\t+", "") : body;
                    if (candidate.equals(word)) {
                        closed = true;
                        break;
                    }
                }
                if (!closed) {
                    problems.add(new ParsedDockerfile.SyntaxProblem(startLine,
                            "the heredoc <<" + word + " is never closed by a line holding only " + word));
                }
            }
        }
        return new ParsedDockerfile(text, instructions, problems, escape);
    }

    /**
     * {@code name = value} after a directive's {@code #} (BuildKit's {@code ^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$},
     * without a regexp): {name, value}, or null.
     */
    private static String[] directive(String s) {
        int k = 0;
        if (s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
            return null;
        }
        while (k < s.length() && (isAsciiLetter(s.charAt(k)) || (s.charAt(k) >= '0' && s.charAt(k) <= '9'))) {
            k++;
        }
        String name = s.substring(0, k);
        String rest = stripLeading(s.substring(k));
        if (!rest.startsWith("=")) {
            return null;
        }
        String value = rest.substring(1).strip();
        return value.isEmpty() ? null : new String[]{name, value};
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /**
     * Where a line continuation starts, or -1: the escape character as the last character but spaces and tabs, not
     * itself escaped (BuildKit's {@code ([^E])E[ \t]*$|^E[ \t]*$}).
     */
    private static int continuation(String line, char escape) {
        int last = lastNonBlank(line);
        if (last < 0 || line.charAt(last) != escape) {
            return -1;
        }
        return last == 0 || line.charAt(last - 1) != escape ? last : -1;
    }

    private static void append(StringBuilder logical, List<Integer> offsets, String part, int end, int start) {
        for (int k = 0; k < end; k++) {
            logical.append(part.charAt(k));
            offsets.add(start + k);
        }
    }

    /**
     * The heredocs an instruction opens, in order, each as {@code "-"} (tabs stripped) or {@code "+"} followed by its
     * delimiter: only for RUN, COPY and ADD (also after ONBUILD), not in their JSON form, and only for a word that
     * starts with {@code <<} (after an optional fd number), as BuildKit reads them.
     */
    private static List<String> heredocs(String keyword, List<Token> args, CharSequence logical) {
        List<Token> rest = args;
        if (keyword.equals("ONBUILD") && !rest.isEmpty()) {
            keyword = rest.get(0).text().toUpperCase(Locale.ROOT);
            rest = rest.subList(1, rest.size());
        }
        if (!HEREDOC_INSTRUCTIONS.contains(keyword) || logical.toString().indexOf("<<") < 0 || isJson(rest)) {
            return List.of();
        }
        String line = logical.toString();
        List<String> found = new ArrayList<>();
        for (String word : shellWords(line, true)) {
            Matcher m = HEREDOC.matcher(word);
            if (!m.matches() || m.group(3).isEmpty()) {
                continue;
            }
            List<String> name = shellWords(m.group(3), false);
            if (name.size() == 1) {
                found.add((m.group(2).isEmpty() ? "+" : "-") + name.get(0));
            }
        }
        return found;
    }

    /** Whether the arguments after the flags are a JSON array of strings (the exec form). */
    private static boolean isJson(List<Token> args) {
        StringBuilder rest = new StringBuilder();
        boolean flags = true;
        for (Token t : args) {
            if (flags && t.text().startsWith("--")) {
                continue;
            }
            flags = false;
            rest.append(t.text()).append(' ');
        }
        String json = rest.toString().strip();
        if (!json.startsWith("[")) {
            return false;
        }
        try {
            JsonNode node = Json.mapper().readTree(json);
            if (node == null || !node.isArray()) {
                return false;
            }
            for (JsonNode n : node) {
                if (!n.isTextual()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Splits {@code s} into shell words: blanks separate words outside quotes; {@code '…'} and {@code "…"} group, and
     * a backslash escapes the next character outside single quotes. {@code raw} keeps quotes and backslashes in the
     * words; otherwise they are removed.
     */
    static List<String> shellWords(String s, boolean raw) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (quote == 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\\' && quote != '\'' && k + 1 < s.length()) {
                if (raw) {
                    word.append(c);
                }
                word.append(s.charAt(++k));
            } else if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
                if (raw) {
                    word.append(c);
                }
            } else if (c == quote) {
                quote = 0;
                if (raw) {
                    word.append(c);
                }
            } else {
                word.append(c);
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static String stripLeading(String s) {
        int k = 0;
        while (k < s.length() && Character.isWhitespace(s.charAt(k))) {
            k++;
        }
        return s.substring(k);
    }

    /** Start (inclusive) and end (exclusive, before any line terminator) of each physical line. */
    private static List<int[]> physicalLines(String text) {
        List<int[]> lines = new ArrayList<>();
        int start = TextFiles.byteOrderMarkLength(text); // skipped, as BuildKit does
        for (int k = 0; k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                int end = k > start && text.charAt(k - 1) == '\r' ? k - 1 : k;
                lines.add(new int[]{start, end});
                start = k + 1;
            }
        }
        if (start < text.length()) {
            int end = text.length();
            if (text.charAt(end - 1) == '\r') {
                end--;
            }
            lines.add(new int[]{start, end});
        }
        return lines;
    }

    private static String content(String text, int[] line) {
        return text.substring(line[0], line[1]);
    }

    private static int lastNonBlank(String s) {
        int k = s.length() - 1;
        while (k >= 0 && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
            k--;
        }
        return k;
    }

    private static List<Token> words(String original, CharSequence logical, List<Integer> offsets) {
        List<Token> words = new ArrayList<>();
        int k = 0;
        int n = logical.length();
        while (k < n) {
            while (k < n && Character.isWhitespace(logical.charAt(k))) {
                k++;
            }
            if (k >= n) {
                break;
            }
            int s = k;
            while (k < n && !Character.isWhitespace(logical.charAt(k))) {
                k++;
            }
            String word = logical.subSequence(s, k).toString();
            int start = offsets.get(s);
            boolean contiguous = offsets.get(k - 1) - start == k - 1 - s
                    && original.startsWith(word, start);
            words.add(new Token(word, start, contiguous));
        }
        return words;
    }
}
