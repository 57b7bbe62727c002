package dev.cip.build;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one external command with its output (stdout and stderr merged) appended to a log file and, optionally,
 * handed line by line to a consumer. Interrupting the calling thread stops the process and its children.
 */
public final class ProcessRunner {
    private static final int TAIL_LINES = 30;

    /** How a command ended. */
    public record Result(int exitCode, List<String> tail) {
        public Result {
            tail = List.copyOf(tail);
        }

        public boolean succeeded() {
            return exitCode == 0;
        }

        public String tailText() {
            return String.join("\n", tail);
        }
    }

    private final Map<String, String> environment;
    private final java.util.Set<Process> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** @param environment variables added to (or replacing) the inherited environment */
    public ProcessRunner(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public ProcessRunner() {
        this(Map.of());
    }

    /**
     * Runs {@code argv}, appending its output to {@code log}.
     *
     * @throws IOException          when the program cannot be started (e.g. not installed)
     * @throws InterruptedException when the thread is interrupted; the process is then destroyed
     */
    public Result run(List<String> argv, Path workDir, Path log, Consumer<String> lines)
            throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        pb.environment().putAll(environment);
        Process process = pb.start();
        running.add(process);
        Deque<String> tail = new ArrayDeque<>();
        Thread pump = new Thread(() -> pump(process, log, lines, tail), "cip-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        try {
            int code = process.waitFor();
            pump.join();
            synchronized (tail) {
                return new Result(code, List.copyOf(tail));
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            throw e;
        } finally {
            running.remove(process);
        }
    }

    /**
     * Stops every process this runner started that still runs, with their children; for a JVM shutdown hook, so
     * that interrupting Maven (Ctrl-C) does not leave {@code docker buildx build} running.
     */
    public void destroyAll() {
        for (Process p : running) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
    }

    private static void pump(Process process, Path log, Consumer<String> lines, Deque<String> tail) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                if (lines != null) {
                    lines.accept(line);
                }
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
            out.flush();
        } catch (IOException e) {
            // The process output is gone; its exit code still tells the outcome.
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
