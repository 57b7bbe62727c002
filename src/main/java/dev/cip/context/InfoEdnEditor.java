package dev.cip.context;

import dev.cip.files.TextFiles;
import us.bpsm.edn.EdnException;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Changes the {@code :version} of an info.edn text in place: only the characters inside the string literal change, so
 * comments, layout, commas, other keys and line endings stay byte for byte. The result is re-read with edn-java and
 * must equal the old map with the new version, or the edit is refused.
 */
public final class InfoEdnEditor {
    private static final Parser.Config CONFIG = Parsers.defaultConfiguration();

    /** Why an info.edn text cannot be edited; {@link #line()} is 1-based, or 0 when there is none. */
    public static final class EditException extends RuntimeException {
        private final int line;

        public EditException(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /** Where the contents (between the quotes) of the top-level {@code :version} string literal are: [start, end). */
    public record Span(int start, int end) {
    }

    /**
     * The text with the top-level {@code :version} set to {@code newVersion}.
     *
     * @throws EditException when the text is not one EDN map with exactly one string {@code :version}, or when the
     *                       edited text would not read back as the same map with the new version
     */
    public String withVersion(String text, String newVersion) {
        Span span = findVersion(text);
        String edited = text.substring(0, span.start()) + escape(newVersion) + text.substring(span.end());
        verify(text, edited, newVersion);
        return edited;
    }

    /** The contents of the top-level {@code :version} string literal, as written (escapes not decoded). */
    public String versionLiteral(String text) {
        Span span = findVersion(text);
        return text.substring(span.start(), span.end());
    }

    /** Locates the top-level {@code :version} string literal's contents. */
    public Span findVersion(String text) {
        Scanner s = new Scanner(text);
        s.pos = TextFiles.byteOrderMarkLength(text); // kept in the file, skipped like InfoEdnReader does
        s.skipBlank();
        if (s.atEnd() || s.peek() != '{') {
            throw new EditException(s.line(), "does not start with an EDN map '{'; expected e.g. {:version \"1.0.0\"}");
        }
        List<Form> forms = s.mapEntries();
        if (forms.size() % 2 != 0) {
            throw new EditException(s.line(), "holds a map with a key and no value");
        }
        Span found = null;
        for (int k = 0; k < forms.size(); k += 2) {
            Form key = forms.get(k);
            if (!text.substring(key.start, key.end).equals(":version")) {
                continue;
            }
            Form value = forms.get(k + 1);
            if (value.kind != Kind.STRING) {
                throw new EditException(lineOf(text, value.start), ":version must be a string literal such as \"1.0.0\"");
            }
            if (found != null) {
                throw new EditException(lineOf(text, key.start), "has :version twice");
            }
            found = new Span(value.start + 1, value.end - 1);
        }
        if (found == null) {
            throw new EditException(0, "has no top-level :version");
        }
        return found;
    }

    private static void verify(String before, String after, String newVersion) {
        Map<?, ?> old = readMap(before, "as it is");
        Map<?, ?> edited = readMap(after, "after the edit");
        Map<Object, Object> expected = new LinkedHashMap<>(old);
        expected.put(InfoEdnReader.VERSION, newVersion);
        if (!expected.equals(edited)) {
            // Should not happen; refusing is better than writing a file that means something else.
            throw new EditException(0, "would not read back as the same map with :version \"" + newVersion
                    + "\" after the edit; change it by hand");
        }
    }

    private static Map<?, ?> readMap(String text, String when) {
        try {
            String edn = TextFiles.withoutByteOrderMark(text);
            // The reader's bounds before edn-java's recursive parser: the file may have changed since the scan.
            Optional<Problem> tooDeep = InfoEdnReader.bounds(Path.of(ProjectScanner.INFO_EDN), edn);
            if (tooDeep.isPresent()) {
                throw new EditException(tooDeep.get().line(), tooDeep.get().message());
            }
            Object value = Parsers.newParser(CONFIG).nextValue(Parsers.newParseable(edn));
            if (value instanceof Map<?, ?> map) {
                return map;
            }
        } catch (EdnException | IllegalArgumentException | IllegalStateException e) {
            throw new EditException(0, "cannot be read " + when + ": " + e.getMessage());
        }
        throw new EditException(0, "is not an EDN map " + when);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int k = 0; k < offset && k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                line++;
            }
        }
        return line;
    }

    private enum Kind { STRING, OTHER }

    private record Form(int start, int end, Kind kind) {
    }

    /**
     * Just enough of an EDN reader to find where each form starts and ends. It reads nested forms recursively, so it
     * refuses, like {@link InfoEdnReader}, text nested more than {@link InfoEdnReader#MAX_DEPTH} levels deep
     * (collections, tags and {@code #_} in one chain, the top-level map being the first): a file changed after the
     * scan reaches it unchecked.
     */
    private static final class Scanner {
        private final String text;
        private int pos;
        private int depth = 1; // the top-level map

        /** One level deeper (a collection, a tag, a {@code #_}); refused past the reader's limit. */
        private void enter() {
            if (++depth > InfoEdnReader.MAX_DEPTH) {
                throw new EditException(line(), "has collections, tags or #_ nested more than "
                        + InfoEdnReader.MAX_DEPTH + " levels deep; an info.edn holds a small map such as"
                        + " {:version \"1.0.0\"}");
            }
        }

        private void leave() {
            depth--;
        }

        Scanner(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        int line() {
            return lineOf(text, pos);
        }

        /** The forms inside the map that starts at {@code pos}, discarded ones ({@code #_}) left out. */
        List<Form> mapEntries() {
            pos++; // '{'
            List<Form> forms = new ArrayList<>();
            while (true) {
                skipBlank();
                if (atEnd()) {
                    throw new EditException(line(), "ends before the map is closed with '}'");
                }
                if (peek() == '}') {
                    pos++;
                    return forms;
                }
                forms.add(form());
            }
        }

        /** Skips whitespace, commas, {@code ;} comments and {@code #_} discarded forms. */
        void skipBlank() {
            while (!atEnd()) {
                char c = peek();
                if (Character.isWhitespace(c) || c == ',') {
                    pos++;
                } else if (c == ';') {
                    while (!atEnd() && peek() != '\n') {
                        pos++;
                    }
                } else if (c == '#' && pos + 1 < text.length() && text.charAt(pos + 1) == '_') {
                    pos += 2;
                    enter();
                    skipBlank();
                    if (atEnd()) {
                        throw new EditException(line(), "ends after #_ with nothing to discard");
                    }
                    form();
                    leave();
                } else {
                    return;
                }
            }
        }

        Form form() {
            int start = pos;
            char c = peek();
            switch (c) {
                case '"' -> {
                    pos++;
                    while (true) {
                        if (atEnd()) {
                            throw new EditException(lineOf(text, start), "has a string that is never closed");
                        }
                        char d = text.charAt(pos++);
                        if (d == '\\') {
                            pos++;
                        } else if (d == '"') {
                            return new Form(start, pos, Kind.STRING);
                        }
                    }
                }
                case '(', '[', '{' -> {
                    pos++;
                    enter();
                    nested(start, c == '(' ? ')' : c == '[' ? ']' : '}');
                    leave();
                }
                case ')', ']', '}' -> throw new EditException(line(), "has an unexpected '" + c + "'");
                case '\\' -> {
                    pos += 2; // a character literal: the backslash and at least one character, whatever it is
                    token();
                }
                case '#' -> {
                    pos++;
                    if (!atEnd() && peek() == '{') {
                        pos++;
                        enter();
                        nested(start, '}');
                        leave();
                    } else if (!atEnd() && peek() == '#') {
                        token(); // a symbolic value such as ##Inf: one token, not a tag
                    } else {
                        // a tagged literal: the tag, then the form it applies to
                        token();
                        enter();
                        skipBlank();
                        if (atEnd()) {
                            throw new EditException(line(), "ends after a tag with no value");
                        }
                        form();
                        leave();
                    }
                }
                default -> token();
            }
            return new Form(start, Math.min(pos, text.length()), Kind.OTHER);
        }

        private void nested(int start, char close) {
            while (true) {
                skipBlank();
                if (atEnd()) {
                    throw new EditException(lineOf(text, start), "has a '" + text.charAt(start)
                            + "' that is never closed");
                }
                if (peek() == close) {
                    pos++;
                    return;
                }
                form();
            }
        }

        private void token() {
            while (!atEnd()) {
                char c = peek();
                if (Character.isWhitespace(c) || c == ',' || c == ';' || c == '"' || "()[]{}".indexOf(c) >= 0) {
                    return;
                }
                pos++;
            }
        }
    }
}
