package dev.cip.dockerfile;

/**
 * A variable expansion of a Dockerfile went over {@link Substitution#MAX_EXPANDED_LENGTH} characters for one value or
 * {@link Substitution#MAX_EXPANDED_TOTAL} for the whole file: a user mistake (or a hostile file), reported with its
 * line rather than letting the expansion grow until the heap is gone.
 */
public final class ExpansionTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;

    public ExpansionTooLargeException(int line, String message) {
        super(message);
        this.line = line;
    }

    /** The 1-based line of the instruction, or 0 when not yet known. */
    public int line() {
        return line;
    }

    /** The same refusal, pinned to the {@code keyword} instruction at {@code instructionLine}. */
    ExpansionTooLargeException at(int instructionLine, String keyword) {
        return new ExpansionTooLargeException(instructionLine, "has " + ("AEIOU".indexOf(keyword.charAt(0)) >= 0 ? "an " : "a ") + keyword + " whose variables "
                + getMessage());
    }
}
