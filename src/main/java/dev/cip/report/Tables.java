package dev.cip.report;

import java.util.ArrayList;
import java.util.List;

/** Left-aligned text columns. */
final class Tables {
    private Tables() {
    }

    static List<String> align(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                sb.append(row[c]);
                if (c < columns - 1) {
                    sb.append(" ".repeat(width[c] - row[c].length() + 2));
                }
            }
            lines.add(sb.toString().stripTrailing());
        }
        return lines;
    }

    /** A Markdown table cell: pipes escaped, newlines flattened. */
    static String cell(String s) {
        return s.replace("|", "\\|").replace("\r", "").replace("\n", " ");
    }
}
