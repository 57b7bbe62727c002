package dev.cip.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * The instructions of a Dockerfile, with the text they came from so that words can be edited in place.
 *
 * @param text         the original file text, unchanged
 * @param instructions instructions in file order
 * @param problems     syntax problems found (line and message)
 * @param escape       the escape character ({@code \\} unless a {@code # escape=} directive says {@code `})
 */
public record ParsedDockerfile(String text, List<Instruction> instructions, List<SyntaxProblem> problems,
                               char escape) {
    public ParsedDockerfile {
        instructions = List.copyOf(instructions);
        problems = List.copyOf(problems);
    }

    public ParsedDockerfile(String text, List<Instruction> instructions, List<SyntaxProblem> problems) {
        this(text, instructions, problems, '\\');
    }

    /** A syntax problem at a 1-based line. */
    /** The {@code ARG} instructions before the first {@code FROM}: the global ARGs, whose defaults a FROM expands. */
    public List<Instruction> globalArgInstructions() {
        List<Instruction> args = new ArrayList<>();
        for (Instruction ins : instructions) {
            if (ins.keyword().equals("FROM")) {
                break;
            }
            if (ins.keyword().equals("ARG")) {
                args.add(ins);
            }
        }
        return List.copyOf(args);
    }

    public record SyntaxProblem(int line, String message) {
    }
}
