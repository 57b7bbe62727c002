package dev.cip.cascade;

/**
 * A replacement in a Dockerfile: {@code [start, end)} holds {@code from} and becomes {@code to} (an insertion when
 * the span is empty).
 */
public record TextEdit(int start, int end, String from, String to) {
    public TextEdit {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }
}
