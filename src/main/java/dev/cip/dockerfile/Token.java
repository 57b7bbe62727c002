package dev.cip.dockerfile;

/**
 * A whitespace-separated word of an instruction.
 *
 * @param text       the word as the builder sees it (continuations removed)
 * @param start      offset of its first character in the original file text
 * @param contiguous whether the word stands unbroken in the original text, i.e. {@code original.substring(start,
 *                   start + text.length()).equals(text)}; only such words can be edited in place
 */
public record Token(String text, int start, boolean contiguous) {
    public int end() {
        return start + text.length();
    }
}
