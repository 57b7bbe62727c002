package dev.cip.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Dockerfile into instructions the way BuildKit's front end does: parser directives, comments, line
 * continuations (with the {@code escape} directive), CRLF line endings and heredocs. It only parses; it knows nothing of
 * images or registries. Every word keeps its offset in the original text so that callers can edit it exactly.
 */
public final class DockerfileParser {
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.*?)\\s*$");
    /** A heredoc opener: like BuildKit, only a word starting with {@code <<} (after an optional fd number). */
    private static final Pattern HEREDOC =
            Pattern.compile("(?<!\\S)[0-9]*<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\\2");

    public ParsedDockerfile parse(String text) {
        List<int[]> lines = physicalLines(text);
        List<Instruction> instructions = new ArrayList<>();
        List<ParsedDockerfile.SyntaxProblem> problems = new ArrayList<>();
        char escape = '\\';

        int i = 0;
        // Parser directives: only at the very top, before any comment, blank line or instruction.
        while (i < lines.size()) {
            Matcher m = DIRECTIVE.matcher(content(text, lines.get(i)));
            if (!m.matches()) {
                break;
            }
            if (m.group(1).equalsIgnoreCase("escape")) {
                String value = m.group(2);
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
            String first = content(text, lines.get(i));
            String trimmed = first.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                i++;
                continue;
            }
            int startLine = i + 1;
            StringBuilder logical = new StringBuilder();
            List<Integer> offsets = new ArrayList<>();
            boolean continued = true;
            boolean firstLine = true;
            while (continued && i < lines.size()) {
                int[] line = lines.get(i);
                String c = content(text, line);
                i++;
                if (!firstLine) {
                    String t = c.strip();
                    // Comment and empty lines inside a continued instruction are dropped by the builder.
                    if (t.startsWith("#") || t.isEmpty()) {
                        continue;
                    }
                }
                firstLine = false;
                int end = c.length();
                int last = lastNonBlank(c);
                continued = last >= 0 && c.charAt(last) == escape;
                if (continued) {
                    end = last;
                }
                for (int k = 0; k < end; k++) {
                    logical.append(c.charAt(k));
                    offsets.add(line[0] + k);
                }
            }
            if (continued) {
                problems.add(new ParsedDockerfile.SyntaxProblem(startLine,
                        "the instruction ends with a line continuation at the end of the file"));
            }
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

            if (keyword.equals("RUN") || keyword.equals("COPY") || keyword.equals("ADD")) {
                Matcher h = HEREDOC.matcher(logical);
                while (h.find()) {
                    boolean stripTabs = !h.group(1).isEmpty();
                    String word = h.group(3);
                    int opened = startLine;
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
                        problems.add(new ParsedDockerfile.SyntaxProblem(opened,
                                "the heredoc <<" + word + " is never closed by a line holding only " + word));
                    }
                }
            }
        }
        return new ParsedDockerfile(text, instructions, problems, escape);
    }

    /** Start (inclusive) and end (exclusive, before any line terminator) of each physical line. */
    private static List<int[]> physicalLines(String text) {
        List<int[]> lines = new ArrayList<>();
        int start = text.startsWith("\uFEFF") ? 1 : 0; // a UTF-8 byte order mark, as BuildKit skips it
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
