package dev.cip.context;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A valid project: its contexts in directory-name order, and the warnings found while reading them.
 */
public record Project(Path directory, List<Context> contexts, List<Problem> warnings) {
    public Project {
        contexts = List.copyOf(contexts);
        warnings = List.copyOf(warnings);
    }

    public Optional<Context> context(String imageName) {
        return contexts.stream().filter(c -> c.imageName().equals(imageName)).findFirst();
    }
}
