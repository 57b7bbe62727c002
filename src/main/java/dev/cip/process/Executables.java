package dev.cip.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Finding a program the way a shell would, in the directories of a {@code PATH} value. */
public final class Executables {
    private Executables() {
    }

    /**
     * The first executable regular file named {@code program} in the directories of {@code path}, absolute. Empty
     * entries (the current directory, to a shell) are skipped: a program is never taken from wherever cip runs.
     */
    public static Optional<Path> onPath(String program, String path) {
        if (path == null || program.isEmpty() || program.contains("/")) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toAbsolutePath());
                }
            } catch (InvalidPathException e) {
                // not a directory name on this system: the next one
            }
        }
        return Optional.empty();
    }
}
