package dev.cip.context;

import java.util.List;
import java.util.stream.Collectors;

/** A project that cannot be acted on; carries every problem found, not only the first. */
public final class InvalidProjectException extends RuntimeException {
    private final List<Problem> problems;

    public InvalidProjectException(List<Problem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidProjectException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        String header = problems.size() == 1
                ? "The project has 1 problem; nothing was built or changed:"
                : "The project has " + problems.size() + " problems; nothing was built or changed:";
        return problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
