package dev.cip.context;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoEdnEditorTest {
    private final InfoEdnEditor editor = new InfoEdnEditor();

    private void assertEdit(String before, String after) {
        assertEquals(after, editor.withVersion(before, "1.0.1"));
    }

    @Test
    void onlyTheLiteralChanges() {
        assertEdit("{:version \"1.0.0\"}", "{:version \"1.0.1\"}");
        assertEdit("{:version \"1.0.0\"}\n", "{:version \"1.0.1\"}\n");
        assertEdit("{:version \"1.0.0\"}\r\n", "{:version \"1.0.1\"}\r\n");
        assertEdit("  {  :version,\"1.0.0\" , }  ", "  {  :version,\"1.0.1\" , }  ");
    }

    @Test
    void keepsCommentsLayoutAndOtherKeys() {
        String before = """
                ;; The base image of every dev image.
                ;; :version "0.0.1" in a comment is not the version
                {:platforms ["linux/amd64"   ; amd64 only for now
                             ]
                 :build-args {"A" "x :version \\"9\\""}
                 :version    "1.0.0"   ; bumped by cip:cascade
                 :notes      {:version "nested, untouched"}}
                ; trailing comment""";
        String after = before.replace(":version    \"1.0.0\"", ":version    \"1.0.1\"");
        assertEdit(before, after);
    }

    @Test
    void aByteOrderMarkStays() {
        assertEdit("\uFEFF{:version \"1.0.0\"}\n", "\uFEFF{:version \"1.0.1\"}\n");
    }

    @Test
    void crlfLinesStayCrlf() {
        String before = "; comment\r\n{:version \"1.0.0\"\r\n :platforms [\"linux/amd64\"]}\r\n";
        assertEdit(before, before.replace("1.0.0", "1.0.1"));
    }

    @Test
    void discardedFormsAreNotTheVersion() {
        assertEdit("{#_ :version #_\"0.0.1\" :version \"1.0.0\"}", "{#_ :version #_\"0.0.1\" :version \"1.0.1\"}");
        assertEdit("{#_#_ :version \"0.0.1\" :version \"1.0.0\"}", "{#_#_ :version \"0.0.1\" :version \"1.0.1\"}");
        assertEdit("{:version #_ \"0.0.9\" \"1.0.0\"}", "{:version #_ \"0.0.9\" \"1.0.1\"}");
    }

    @Test
    void skipsEveryKindOfForm() {
        String before = "{:a \\{ :b \\\" :c #{1 2 \"}\"} :d #inst \"2024-01-01T00:00:00Z\" :e (1 [2 {:version \"x\"}])"
                + " :f \\newline :g nil :h -1.5e3 :i #uuid \"f81d4fae-7dec-11d0-a765-00a0c91e6bf6\" "
                + ":version \"1.0.0\" :j \"\\\\\"}";
        assertEdit(before, before.replace("\"1.0.0\"", "\"1.0.1\""));
    }

    @Test
    void findsTheVersionAfterSymbolicValues() {
        // edn-java may not read ##Inf, so only the locating is checked here
        assertEquals("1.0.0", editor.versionLiteral("{:x ##Inf :version \"1.0.0\"}"));
        assertEquals("1.0.0", editor.versionLiteral("{:x #my/tag [1 2] :version \"1.0.0\"}"));
    }

    @Test
    void theResultReadsBackAsTheSameMap() {
        String before = "{:version \"1.0.0\" :platforms [\"linux/amd64\"] :x {:y [1 2 3]}}";
        String after = editor.withVersion(before, "2.0.0-alpine");
        InfoEdnReader.Reading read = new InfoEdnReader().parse(java.nio.file.Path.of("info.edn"), after);
        assertEquals("2.0.0-alpine", read.info().orElseThrow().version());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{:platforms []}",
            "{:version 1}",
            "{:version :one}",
            "[:version \"1.0.0\"]",
            "{:version \"1.0.0\" :version \"1.0.0\"}",
            "{:version}",
            "{:version \"1.0.0\"",
            "{:version \"1.0.0}",
            "",
    })
    void refusesWhatItCannotEdit(String text) {
        assertThrows(InfoEdnEditor.EditException.class, () -> editor.withVersion(text, "1.0.1"));
    }

    @Test
    void errorsCarryTheLine() {
        InfoEdnEditor.EditException e = assertThrows(InfoEdnEditor.EditException.class,
                () -> editor.withVersion("{:a 1\n :version\n 2}", "1.0.1"));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("string literal"), e.getMessage());
    }

    private static final int DEEP = 20_000;

    /** {:version "1.0.0" :a <value>} over two lines, the value on the second. */
    private static String withValue(String value) {
        return "{:version \"1.0.0\"\n :a " + value + "}\n";
    }

    /**
     * The editor reads forms recursively; info.edn reaches it again in cip:cascade (re-read after the scan, so a file
     * changed in between is not checked by InfoEdnReader). Nesting beyond the reader's limit is refused with a line,
     * never a StackOverflowError.
     */
    @ParameterizedTest
    @ValueSource(strings = {"map", "vector", "list", "set", "tag", "discard"})
    void deepNestingIsRefusedNotAStackOverflow(String kind) {
        String deep = switch (kind) {
            case "map" -> "{:a ".repeat(DEEP) + "1" + "}".repeat(DEEP);
            case "vector" -> "[".repeat(DEEP) + "]".repeat(DEEP);
            case "list" -> "(".repeat(DEEP) + ")".repeat(DEEP);
            case "set" -> "#{".repeat(DEEP) + "}".repeat(DEEP);
            case "tag" -> "#t ".repeat(DEEP) + "1";
            case "discard" -> "#_ ".repeat(DEEP) + "0 ".repeat(DEEP) + "1";
            default -> throw new IllegalArgumentException(kind);
        };
        String text = withValue(deep);
        for (var edit : List.<Executable>of(() -> editor.withVersion(text, "1.0.1"),
                () -> editor.versionLiteral(text), () -> editor.findVersion(text))) {
            InfoEdnEditor.EditException e = assertThrows(InfoEdnEditor.EditException.class, edit);
            assertEquals(2, e.line(), e.getMessage());
            assertTrue(e.getMessage().startsWith("has collections, tags or #_ nested more than "
                    + InfoEdnReader.MAX_DEPTH + " levels deep"), e.getMessage());
        }
    }

    /** What InfoEdnReader accepts, up to its nesting limit, the editor edits. */
    @Test
    void nestingUpToTheReadersLimitIsEdited() {
        int inner = InfoEdnReader.MAX_DEPTH - 1; // the top-level map is one level
        assertEdit(withValue("[".repeat(inner) + "]".repeat(inner)),
                withValue("[".repeat(inner) + "]".repeat(inner)).replace("1.0.0", "1.0.1"));
        String discard = withValue("[".repeat(inner - 1) + "#_ 0 1" + "]".repeat(inner - 1));
        assertEdit(discard, discard.replace("1.0.0", "1.0.1"));
        String maps = withValue("{:a ".repeat(inner) + "1" + "}".repeat(inner));
        assertEdit(maps, maps.replace("1.0.0", "1.0.1"));
    }

    /**
     * A run of discards ({@code #_ 0 #_ 0 …}) never nests in the editor's own scanner but does in edn-java's parser,
     * which reads the text back: refused before that read, also on a thread with a small stack.
     */
    @Test
    void aLongRunOfDiscardsIsRefusedBeforeEdnJavaReadsIt() throws InterruptedException {
        String text = withValue("[" + "#_ 0 ".repeat(10_000) + "]");
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                editor.withVersion(text, "1.0.1");
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        InfoEdnEditor.EditException e = assertInstanceOf(InfoEdnEditor.EditException.class, thrown.get());
        assertTrue(e.getMessage().contains("more than " + InfoEdnReader.MAX_PREFIXES + " tags, #_"),
                e.getMessage());
    }
}
