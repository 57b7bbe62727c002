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
    void unclosedHeredocIsAProblem() {
        ParsedDockerfile heredoc = parser.parse("FROM a\nRUN <<EOF\necho\n");
        assertEquals(1, heredoc.problems().size());
        assertEquals(2, heredoc.problems().get(0).line());
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

    // ---- what BuildKit accepts (frontend/dockerfile/parser), case by case -----------------------------------------

    private static ParsedDockerfile valid(ParsedDockerfile parsed) {
        assertEquals(List.of(), parsed.problems());
        return parsed;
    }

    private static List<List<String>> instructions(ParsedDockerfile parsed) {
        return parsed.instructions().stream()
                .map(i -> java.util.stream.Stream.concat(java.util.stream.Stream.of(i.keyword()),
                        words(i).stream()).toList())
                .toList();
    }

    @Test
    void aLineContinuationAtTheEndOfTheFileEndsTheInstruction() {
        assertEquals(List.of(List.of("FROM", "a"), List.of("RUN", "echo")),
                instructions(valid(parser.parse("FROM a\nRUN echo \\\n"))));
        assertEquals(List.of(List.of("FROM", "a")), instructions(valid(parser.parse("FROM a \\"))));
        assertEquals(List.of(List.of("FROM", "a"), List.of("RUN", "x", "y")),
                instructions(valid(parser.parse("FROM a\nRUN x \\\n  y \\\n\n# c\n"))));
    }

    @Test
    void escapeDirectiveVariants() {
        for (String directive : List.of("# escape=`", "#escape=`", "# ESCAPE = `", "  # escape=`", "#\tescape\t=\t`",
                "# Escape=`  ", "# syntax=docker/dockerfile:1\n# escape=`", "# check=skip=all\n#escape=`")) {
            ParsedDockerfile parsed = valid(parser.parse(directive + "\nFROM a `\n  AS b\n"));
            assertEquals('`', parsed.escape(), directive);
            assertEquals(List.of(List.of("FROM", "a", "AS", "b")), instructions(parsed), directive);
        }
        // not directives: after a blank line, a plain comment, an unknown directive, or an instruction
        for (String before : List.of("\n", "# hello\n", "# foo=bar\n", "FROM x\n")) {
            ParsedDockerfile parsed = valid(parser.parse(before + "# escape=`\nFROM a \\\n  AS b\n"));
            assertEquals('\\', parsed.escape(), before);
        }
        // an empty value is no directive (a comment); a second escape directive is an error, like BuildKit's
        assertEquals('\\', valid(parser.parse("# escape=\nFROM a\n")).escape());
        ParsedDockerfile twice = parser.parse("# escape=`\n# escape=\\\nFROM a\n");
        assertEquals(1, twice.problems().size());
        assertEquals(2, twice.problems().get(0).line());
        assertTrue(twice.problems().get(0).message().contains("only one"), twice.problems().toString());
    }

    @Test
    void anEscapedEscapeAtTheEndIsNoContinuation() {
        assertEquals(List.of(List.of("ENV", "C", "trailing\\\\backslash\\\\"), List.of("ENV", "D", "x")),
                instructions(valid(parser.parse("ENV C trailing\\\\backslash\\\\\nENV D x\n"))));
        // an escape alone on a line continues; "hello\" then "\" then "world" is one word
        assertEquals(List.of(List.of("ENV", "E", "helloworld")),
                instructions(valid(parser.parse("ENV E hello\\\n\\\nworld\n"))));
        assertEquals(List.of(List.of("RUN", "echo", "hello", "world")),
                instructions(valid(parser.parse("RUN echo hello  \\  \nworld\n"))));
    }

    @Test
    void emptyAndCommentLinesInsideAContinuationAreDropped() {
        String text = "FROM a\nRUN foo \\\n\nbar \\\n   # a comment \\\n\t\nbaz\nFROM b\n";
        assertEquals(List.of(List.of("FROM", "a"), List.of("RUN", "foo", "bar", "baz"), List.of("FROM", "b")),
                instructions(valid(parser.parse(text))));
        assertEquals(6, parser.parse(text).instructions().get(2).line() - 2);
    }

    @Test
    void tabsSeparateWordsAndIndentInstructions() {
        String text = "\tFROM\talpine:3\tAS\tbase\n\t\tRUN\ttrue \\\t\n\tdone\n";
        ParsedDockerfile parsed = valid(parser.parse(text));
        assertEquals(List.of(List.of("FROM", "alpine:3", "AS", "base"), List.of("RUN", "true", "done")),
                instructions(parsed));
        Token image = parsed.instructions().get(0).args().get(0);
        assertEquals("alpine:3", text.substring(image.start(), image.end()));
        assertTrue(image.contiguous());
    }

    @Test
    void jsonFormsAreNoHeredocs() {
        String text = "FROM a\nRUN [\"sh\", \"-c\", \"cat <<EOF\"]\nCOPY --from=b [\"x y\", \"/z\"]\nFROM c\n";
        ParsedDockerfile parsed = valid(parser.parse(text));
        assertEquals(List.of("FROM", "RUN", "COPY", "FROM"), keywords(parsed));
        assertEquals("--from=b", parsed.instructions().get(2).args().get(0).text());
    }

    @Test
    void heredocForms() {
        String text = String.join("\n",
                "FROM a",
                "RUN <<EOF",
                "FROM not-an-instruction",
                "EOF",
                "RUN <<-EOT bash",
                "\t\tFROM tabs",
                "\tEOT",
                "RUN <<\"Q1\" <<'Q2' cat",
                "FROM q1",
                "Q1",
                "FROM q2",
                "Q2",
                "COPY <<end.of-file /etc/x",
                "FROM x",
                "end.of-file",
                "RUN 3<<EOF cat <&3",
                "EOF",
                "ONBUILD RUN <<EOF",
                "FROM onbuild",
                "EOF",
                "RUN python3 <<E\"O\"F",
                "FROM py",
                "EOF",
                "RUN echo <<AFTER-THE-CONTINUATION \\",
                "  && true",
                "AFTER-THE-CONTINUATION",
                "FROM last",
                "");
        ParsedDockerfile parsed = valid(parser.parse(text));
        assertEquals(List.of("FROM", "RUN", "RUN", "RUN", "COPY", "RUN", "ONBUILD", "RUN", "RUN", "FROM"),
                keywords(parsed));
        assertEquals(List.of("last"), words(parsed.instructions().get(9)));
        assertEquals(27, parsed.instructions().get(9).line());
        // "<< EOF" (a space) is no heredoc for BuildKit: the next line is an instruction
        assertEquals(List.of("FROM", "RUN", "FROM"), keywords(valid(parser.parse("FROM a\nRUN cat << EOF\nFROM b\n"))));
    }
}
