package dev.cip.process;

import java.util.List;

/**
 * A JVM of its own for {@code ProcessRunnerTest}: runs the program named in its arguments through a
 * {@link ProcessRunner} and prints what it prints, so that the test can kill this JVM outright while it runs.
 */
public final class OrphanProbe {
    private OrphanProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (ProcessRunner runner = new ProcessRunner()) {
            runner.run(ProcessRunner.Request.of(List.of(args)).onLine((stream, line) -> {
                System.out.println(line);
                System.out.flush();
            }));
        }
    }
}
