package dev.cip.context;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A project that cannot be acted on; carries every problem found, not only the first. The message names settings
 * neutrally; an adapter words it with its own setting names through {@link #describe}.
 */
public final class InvalidProjectException extends RuntimeException {
    private final List<Problem> problems;

    public InvalidProjectException(List<Problem> problems) {
        super(describe(problems, Setting::neutralName));
        this.problems = List.copyOf(problems);
    }

    public InvalidProjectException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The message, with each setting a problem's fix names given by {@code names}. */
    public String describe(Function<Setting, String> names) {
        return describe(problems, names);
    }

    private static String describe(List<Problem> problems, Function<Setting, String> names) {
        String header = problems.size() == 1
                ? "The project has 1 problem; nothing was built or changed:"
                : "The project has " + problems.size() + " problems; nothing was built or changed:";
        return problems.stream().map(p -> "  - " + p.describe(names))
                .collect(Collectors.joining("\n", header + "\n", ""));
    }
}
