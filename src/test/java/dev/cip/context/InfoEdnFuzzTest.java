package dev.cip.context;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated nested and chained EDN, up to the size limit, read on a thread with a small stack: every input ends in a
 * result or a problem, never an {@link Error} such as a {@link StackOverflowError}.
 */
class InfoEdnFuzzTest {
    private static final Path FILE = Path.of("contexts/00-x/info.edn");
    /** Small enough that edn-java's recursion overflows it at a few thousand levels. */
    private static final long SMALL_STACK = 256 * 1024;

    private static final String[] OPEN = {"[", "(", "{", "#{"};
    private static final String[] CLOSE = {"]", ")", "}", "}"};
    private static final String[] ATOMS = {"1", "\"s\\\"t\\\\r\\n\"", "\\a", "\\newline", ":k", "sym", "nil", "true",
        "-2.5", "\"#_[{\"", "\\#", "\\[", "; comment [[[ #_\n", "; comment\r"};
    private static final String[] PREFIXES = {"#_", "#_ ", "#t ", "#t", "^:m ", "^{:a 1} ", "#inst ", "#_#_"};

    /** Runs {@code parse} on a thread with a small stack and returns what it threw, if anything. */
    private static Throwable onSmallStack(String text, AtomicReference<InfoEdnReader.Reading> result)
            throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(new InfoEdnReader().parse(FILE, text));
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "edn-fuzz", SMALL_STACK);
        t.start();
        t.join();
        return thrown.get();
    }

    private static void assertResultOrProblem(String text) throws InterruptedException {
        AtomicReference<InfoEdnReader.Reading> result = new AtomicReference<>();
        Throwable thrown = onSmallStack(text, result);
        String head = text.length() > 120 ? text.substring(0, 120) + "… (" + text.length() + " chars)" : text;
        assertNull(thrown, () -> "threw " + thrown + " on " + head);
        InfoEdnReader.Reading r = result.get();
        assertTrue(r.info().isPresent() != !r.problems().isEmpty(), () -> "neither info nor problems for " + head);
        r.problems().forEach(p -> assertEquals(FILE, p.file()));
    }

    /** The cases of the review: a chain of discards without spaces, and the forms the parser recurses on. */
    static List<String> shapes(int n) {
        List<String> shapes = new ArrayList<>();
        shapes.add("{:version \"1.0.0\" " + "#_".repeat(n) + " 1".repeat(n + 1) + "}");
        shapes.add("{:version \"1.0.0\" :x [" + "#_ 1 ".repeat(n) + "]}");
        shapes.add("{:version \"1.0.0\" :x [" + "#_1".repeat(n) + "]}");
        shapes.add("{:version \"1.0.0\" :x " + "#t ".repeat(n) + "1}");
        shapes.add("{:version \"1.0.0\" :x " + "#t#_".repeat(n) + "1 1}");
        shapes.add("{:version \"1.0.0\" :x " + "^:m ".repeat(n) + "[1]}");
        shapes.add("{:version \"1.0.0\" :x " + "#{".repeat(n) + "}".repeat(n) + "}");
        shapes.add("{:version \"1.0.0\" :x " + "[".repeat(n) + "]".repeat(n) + "}");
        shapes.add("{:version \"1.0.0\" :x " + "{:a ".repeat(n) + "1" + "}".repeat(n) + "}");
        shapes.add("{:version \"1.0.0\" :x " + "(#_".repeat(n) + ")".repeat(n) + "1}");
        shapes.add("{:version \"1.0.0\" ; x\r :x " + "[".repeat(n) + "]".repeat(n) + "}");
        shapes.add("{:version \"1.0.0\" :x [" + "\\newline #_".repeat(n) + "1]}");
        return shapes;
    }

    @Test
    void chainedAndNestedShapesOfEverySizeEndInAResultOrAProblem() throws InterruptedException {
        for (int n : new int[]{1, 50, 99, 100, 101, 150, 1_000, 10_000, 100_000}) {
            for (String shape : shapes(n)) {
                if (shape.length() <= InfoEdnReader.MAX_FILE_SIZE) {
                    assertResultOrProblem(shape);
                }
            }
        }
    }

    @Test
    void theReviewsDiscardChainIsRefusedWithItsLine() {
        InfoEdnReader.Reading r = new InfoEdnReader().parse(FILE,
                "{:version \"1.0.0\"\n" + "#_".repeat(10_000) + " 1".repeat(10_001) + "}");
        assertEquals(1, r.problems().size(), r::toString);
        assertEquals(2, r.problems().get(0).line());
        assertTrue(r.problems().get(0).message().contains("more than " + InfoEdnReader.MAX_PREFIXES + " tags, #_"),
                r::toString);
    }

    @Test
    void aChainJustOverTheLimitIsRefusedAndOneAtItIsRead() {
        String at = "{:version \"1.0.0\" " + "#_".repeat(InfoEdnReader.MAX_PREFIXES) + " 1".repeat(100) + "}";
        assertTrue(new InfoEdnReader().parse(FILE, at).info().isPresent());
        String over = "{:version \"1.0.0\" " + "#_".repeat(InfoEdnReader.MAX_PREFIXES + 1) + " 1".repeat(101) + "}";
        assertTrue(new InfoEdnReader().parse(FILE, over).info().isEmpty());
    }

    @Test
    void randomFormsUpToTheSizeLimitEndInAResultOrAProblem() throws InterruptedException {
        Random random = new Random(20);
        for (int round = 0; round < 300; round++) {
            int budget = round % 30 == 0 ? (int) InfoEdnReader.MAX_FILE_SIZE - 64 : 1 + random.nextInt(20_000);
            StringBuilder out = new StringBuilder("{:version \"1.0.0\" :x ");
            List<Integer> open = new ArrayList<>();
            while (out.length() < budget) {
                int pick = random.nextInt(10);
                if (pick < 3) {
                    int kind = random.nextInt(OPEN.length);
                    out.append(OPEN[kind]);
                    open.add(kind);
                } else if (pick < 5 && !open.isEmpty()) {
                    out.append(CLOSE[open.remove(open.size() - 1)]).append(' ');
                } else if (pick < 8) {
                    out.append(PREFIXES[random.nextInt(PREFIXES.length)]);
                } else {
                    out.append(ATOMS[random.nextInt(ATOMS.length)]).append(' ');
                }
            }
            for (int k = open.size() - 1; k >= 0; k--) {
                out.append(CLOSE[open.get(k)]);
            }
            assertResultOrProblem(out.append('}').toString());
        }
    }
}
