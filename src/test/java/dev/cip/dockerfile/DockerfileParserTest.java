package dev.cip.dockerfile;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DockerfileParserTest {
    private final DockerfileParser parser = new DockerfileParser();

    private static List<String> keywords(ParsedDockerfile parsed) {
        return parsed.instructions().stream().map(Instruction::keyword).toList();
    }

    private static List<String> words(Instruction ins) {
        return ins.args().stream().map(Token::text).toList();
    }

    @Test
    void instructionsWithLinesAndWordOffsets() {
        String text = "# syntax=docker/dockerfile:1\n\n# a comment\nfrom  debian:12 AS base\n  RUN   echo hi\n";
        ParsedDockerfile parsed = parser.parse(text);
        assertEquals(text, parsed.text());
        assertEquals(List.of("FROM", "RUN"), keywords(parsed));
        Instruction from = parsed.instructions().get(0);
        assertEquals(4, from.line());
        assertEquals(List.of("debian:12", "AS", "base"), words(from));
        for (Token t : from.args()) {
            assertTrue(t.contiguous());
            assertEquals(t.text(), text.substring(t.start(), t.end()));
        }
        assertEquals(5, parsed.instructions().get(1).line());
        assertEquals(List.of(), parsed.problems());
    }

    @Test
    void continuationJoinsLinesAndKeepsOffsets() {
        String text = "RUN a \\\n  b \\\n  # comment\n\n  c\nFROM x\n";
        ParsedDockerfile parsed = parser.parse(text);
        assertEquals(List.of("RUN", "FROM"), keywords(parsed));
        Instruction run = parsed.instructions().get(0);
        assertEquals(List.of("a", "b", "c"), words(run));
        for (Token t : run.args()) {
            assertEquals(t.text(), text.substring(t.start(), t.end()));
        }
        assertEquals(6, parsed.instructions().get(1).line());
    }

    @Test
    void wordSplitOverAContinuationIsNotContiguous() {
        String text = "FROM ab\\\ncd:1\n";
        Token t = parser.parse(text).instructions().get(0).args().get(0);
        assertEquals("abcd:1", t.text());
        assertFalse(t.contiguous());
        assertEquals(5, t.start());
        String crlf = "FROM ab\\\r\ncd:1\r\n";
        Token c = parser.parse(crlf).instructions().get(0).args().get(0);
        assertEquals("abcd:1", c.text());
        assertFalse(c.contiguous());
    }

    @Test
    void crlfWordsAreExact() {
        String text = "FROM a:1 \\\r\n  AS b\r\nRUN x\r\n";
        ParsedDockerfile parsed = parser.parse(text);
        assertEquals(List.of("FROM", "RUN"), keywords(parsed));
        for (Instruction ins : parsed.instructions()) {
            for (Token t : ins.args()) {
                assertTrue(t.contiguous(), t::toString);
                assertEquals(t.text(), text.substring(t.start(), t.end()));
                assertFalse(t.text().contains("\r"));
            }
        }
        assertEquals(List.of("a:1", "AS", "b"), words(parsed.instructions().get(0)));
    }

    @Test
    void directivesOnlyAtTheTop() {
        // After a comment, "# escape=`" is just a comment: backslash stays the escape character.
        String text = "# hello\n# escape=`\nRUN a \\\n  b\n";
        ParsedDockerfile parsed = parser.parse(text);
        assertEquals(1, parsed.instructions().size());
        assertEquals(List.of("a", "b"), words(parsed.instructions().get(0)));

        String directive = "#escape=`\nRUN a `\n  b\nRUN c \\\nRUN d\n";
        ParsedDockerfile p2 = parser.parse(directive);
        assertEquals(List.of("RUN", "RUN", "RUN"), keywords(p2));
        assertEquals(List.of("a", "b"), words(p2.instructions().get(0)));
        assertEquals(List.of("c", "\\"), words(p2.instructions().get(1)));
    }

    @Test
    void invalidEscapeDirective() {
        ParsedDockerfile parsed = parser.parse("# escape=x\nFROM a\n");
        assertEquals(1, parsed.problems().size());
        assertEquals(1, parsed.problems().get(0).line());
    }

    @Test
    void heredocs() {
        String text = """
                FROM a
                RUN <<EOF
                FROM b
                EOF
                RUN <<-'X' <<Y cat
                \tFROM c
                \tX
                FROM d
                Y
                COPY <<EOF /f
                  EOF indented is not the end
                EOF
                FROM e
                """;
        ParsedDockerfile parsed = parser.parse(text);
        assertEquals(List.of(), parsed.problems());
        assertEquals(List.of("FROM", "RUN", "RUN", "COPY", "FROM"), keywords(parsed));
        assertEquals(13, parsed.instructions().get(4).line());
    }

    @Test
    void unclosedHeredocAndDanglingContinuationAreProblems() {
        ParsedDockerfile heredoc = parser.parse("FROM a\nRUN <<EOF\necho\n");
        assertEquals(1, heredoc.problems().size());
        assertEquals(2, heredoc.problems().get(0).line());
        ParsedDockerfile dangling = parser.parse("FROM a\nRUN echo \\\n");
        assertEquals(1, dangling.problems().size());
        assertEquals(2, dangling.problems().get(0).line());
    }

    @Test
    void shiftsAreNotHeredocs() {
        // BuildKit only takes a word that starts with << as a heredoc.
        ParsedDockerfile parsed = parser.parse("FROM a\nRUN echo $((1<<2)) $((1<<SHIFT))\nFROM b\n");
        assertEquals(List.of(), parsed.problems());
        assertEquals(List.of("FROM", "RUN", "FROM"), keywords(parsed));
        ParsedDockerfile fd = parser.parse("FROM a\nRUN cat 3<<EOF\nFROM x\nEOF\nFROM b\n");
        assertEquals(List.of("FROM", "RUN", "FROM"), keywords(fd));
    }

    @Test
    void byteOrderMarkIsIgnored() {
        String text = "\uFEFFFROM debian:12\n";
        ParsedDockerfile parsed = parser.parse(text);
        assertEquals(List.of("FROM"), keywords(parsed));
        Token t = parsed.instructions().get(0).args().get(0);
        assertEquals("debian:12", text.substring(t.start(), t.end()));
        assertEquals(List.of("FROM"), keywords(parser.parse("\uFEFF# escape=`\nFROM a `\n AS b\n")));
        assertEquals(List.of("a", "AS", "b"), words(parser.parse("\uFEFF# escape=`\nFROM a `\n AS b\n")
                .instructions().get(0)));
    }

    @Test
    void emptyAndCommentOnlyFiles() {
        assertEquals(List.of(), parser.parse("").instructions());
        assertEquals(List.of(), parser.parse("\n\n# x\n   \n").instructions());
        assertEquals(List.of("FROM"), keywords(parser.parse("FROM a")));
    }
}
