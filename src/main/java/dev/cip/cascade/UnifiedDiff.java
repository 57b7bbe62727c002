package dev.cip.cascade;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders file changes as a unified diff ({@code git apply} / {@code patch -p1} can apply it from the project
 * directory). Line terminators are kept as they are, so a CRLF file diffs as CRLF; a last line without one is marked
 * {@code \ No newline at end of file}.
 */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    /** The diff of every change, paths relative to {@code baseDir}. */
    public static String render(Path baseDir, List<FileChange> changes) {
        StringBuilder out = new StringBuilder();
        for (FileChange change : changes) {
            String name = relative(baseDir, change.path());
            out.append(render("a/" + name, "b/" + name, change.oldText(), change.newText()));
        }
        return out.toString();
    }

    /** The diff of one text, or the empty string when the texts are equal. */
    public static String render(String oldName, String newName, String oldText, String newText) {
        if (oldText.equals(newText)) {
            return "";
        }
        List<String> a = lines(oldText);
        List<String> b = lines(newText);
        List<int[]> script = script(a, b);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(oldName).append('\n');
        out.append("+++ ").append(newName).append('\n');
        int k = 0;
        while (k < script.size()) {
            // find the next change, then extend the hunk while changes are within 2 * CONTEXT lines of each other
            while (k < script.size() && script.get(k)[0] == EQUAL) {
                k++;
            }
            if (k >= script.size()) {
                break;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            int lastChange = k;
            while (end < script.size()) {
                if (script.get(end)[0] != EQUAL) {
                    lastChange = end;
                } else if (end - lastChange > 2 * CONTEXT) {
                    break;
                }
                end++;
            }
            end = Math.min(script.size(), lastChange + 1 + CONTEXT);
            hunk(out, script.subList(start, end), a, b);
            k = end;
        }
        return out.toString();
    }

    private static final int EQUAL = 0;
    private static final int DELETE = 1;
    private static final int INSERT = 2;

    private static void hunk(StringBuilder out, List<int[]> ops, List<String> a, List<String> b) {
        int aStart = -1;
        int bStart = -1;
        int aCount = 0;
        int bCount = 0;
        for (int[] op : ops) {
            if (op[0] != INSERT) {
                aStart = aStart < 0 ? op[1] : aStart;
                aCount++;
            }
            if (op[0] != DELETE) {
                bStart = bStart < 0 ? op[2] : bStart;
                bCount++;
            }
        }
        // With no lines on a side, the range names the line before the change (unified diff convention).
        int[] first = ops.get(0);
        aStart = aCount == 0 ? first[1] : aStart + 1;
        bStart = bCount == 0 ? first[2] : bStart + 1;
        out.append("@@ -").append(range(aStart, aCount)).append(" +").append(range(bStart, bCount)).append(" @@\n");
        for (int[] op : ops) {
            String line = switch (op[0]) {
                case EQUAL -> " " + a.get(op[1]);
                case DELETE -> "-" + a.get(op[1]);
                default -> "+" + b.get(op[2]);
            };
            out.append(line);
            if (!line.endsWith("\n")) {
                out.append("\n\\ No newline at end of file\n");
            }
        }
    }

    private static String range(int start, int count) {
        return count == 1 ? Integer.toString(start) : start + "," + count;
    }

    /** Lines with their terminators. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                lines.add(text.substring(start, k + 1));
                start = k + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /**
     * The edit script as {@code {op, indexInA, indexInB}} (for INSERT, indexInA is the position in a before which the
     * line goes; for DELETE, indexInB likewise): common prefix and suffix, and a longest common subsequence between.
     */
    private static List<int[]> script(List<String> a, List<String> b) {
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        int n = a.size() - prefix - suffix;
        int m = b.size() - prefix - suffix;
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(prefix + i).equals(b.get(prefix + j)) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<int[]> ops = new ArrayList<>();
        for (int k = 0; k < prefix; k++) {
            ops.add(new int[]{EQUAL, k, k});
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(prefix + i).equals(b.get(prefix + j))) {
                ops.add(new int[]{EQUAL, prefix + i++, prefix + j++});
            } else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new int[]{DELETE, prefix + i++, prefix + j}); // deletions first, as diff(1) prints them
            } else {
                ops.add(new int[]{INSERT, prefix + i, prefix + j++});
            }
        }
        for (int k = 0; k < suffix; k++) {
            ops.add(new int[]{EQUAL, prefix + n + k, prefix + m + k});
        }
        return ops;
    }

    private static String relative(Path baseDir, Path file) {
        Path p = file;
        try {
            p = baseDir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {
            // another root: keep the path as it is
        }
        return p.toString().replace('\\', '/');
    }
}
