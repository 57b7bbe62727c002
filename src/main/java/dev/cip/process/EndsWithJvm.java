package dev.cip.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A program must not outlive a JVM killed outright (SIGKILL, OOM killer): an orphaned {@code buildx bake} would go
 * on pushing and, sharing BuildKit steps with the next run, cancel that run's build when it finally dies on its
 * broken pipe. On Linux, util-linux's {@code setpriv --pdeathsig} asks the kernel to send SIGTERM when the thread
 * that started it ends; {@link ProcessRunner#run} blocks that thread until the program ends, so this fires only when the JVM
 * dies. The docker CLI passes SIGTERM on to its plugins (buildx cancels its solve). Elsewhere nothing is added.
 */
final class EndsWithJvm {
    private EndsWithJvm() {
    }

    private static final String SETPRIV = "/usr/bin/setpriv";
    private static final boolean AVAILABLE = probe();

    /**
     * {@code argv} behind setpriv, its program found on the JVM's {@code PATH} as {@link ProcessBuilder} finds it;
     * as it is when setpriv is unavailable or the program cannot be found (starting it then fails as it would
     * without setpriv, with an {@link IOException}).
     */
    static List<String> argv(List<String> argv) {
        Optional<String> program = AVAILABLE ? resolve(argv.get(0)) : Optional.empty();
        if (program.isEmpty()) {
            return argv;
        }
        List<String> wrapped = new ArrayList<>(argv.size() + 4);
        wrapped.addAll(List.of(SETPRIV, "--pdeathsig", "TERM", "--", program.get()));
        wrapped.addAll(argv.subList(1, argv.size()));
        return wrapped;
    }

    private static Optional<String> resolve(String program) {
        if (program.contains("/")) {
            try {
                return Files.isExecutable(Path.of(program)) ? Optional.of(program) : Optional.empty();
            } catch (InvalidPathException e) {
                return Optional.empty();
            }
        }
        return Executables.onPath(program, System.getenv("PATH")).map(Path::toString);
    }

    /** Whether this machine's setpriv knows {@code --pdeathsig} (util-linux 2.33 and later). */
    private static boolean probe() {
        if (!System.getProperty("os.name", "").startsWith("Linux") || !Files.isExecutable(Path.of(SETPRIV))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(SETPRIV, "--pdeathsig", "TERM", "--", "true")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

