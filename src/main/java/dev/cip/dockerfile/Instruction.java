package dev.cip.dockerfile;

import java.util.List;

/**
 * One logical instruction (physical lines joined at continuations, comments inside removed).
 *
 * @param keyword upper-cased instruction keyword ({@code FROM}, {@code COPY}, …)
 * @param line    1-based line of its first physical line
 * @param args    the words after the keyword
 */
public record Instruction(String keyword, int line, List<Token> args) {
    public Instruction {
        args = List.copyOf(args);
    }
}
