package dev.cip.process;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The one way cip starts an external program: never through a shell, registered for Ctrl-C before it starts, its
 * stdout and stderr read at the same time (a full pipe never blocks it), a timeout, and bounded capture of what it
 * prints. Close the runner when the goal ends: that removes its JVM shutdown hook; every reader thread it starts ends
 * before {@link #run} returns.
 */
public final class ProcessRunner implements AutoCloseable {
    /** Lines of each stream kept for error messages. */
    public static final int TAIL_LINES = 30;
    /** Characters of stdout kept in {@link Result#stdout()}; more is dropped and flagged. */
    public static final int MAX_CAPTURE = 8 * 1024 * 1024;
    private static final Duration GRACE = Duration.ofSeconds(10);

    /** Which stream a line came from. */
    public enum Stream { STDOUT, STDERR }

    /** Receives the program's lines as they come; calls are serialised per run. */
    @FunctionalInterface
    public interface LineSink {
        void line(Stream stream, String line);
    }

    /**
     * One program to run.
     *
     * @param argv    the program and its arguments, passed as they are
     * @param workDir the working directory, or none for the current one
     * @param log     a file both streams are appended to, or none
     * @param sink    receives each line, or {@code null}
     * @param timeout how long it may run before it is stopped
     * @param capture keep stdout whole (up to {@link #MAX_CAPTURE}) in the result
     * @param stdin   bytes written to the program's standard input (then closed); {@code null} for none
     *                ({@code /dev/null})
     */
    public record Request(List<String> argv, Optional<Path> workDir, Optional<Path> log, LineSink sink,
                          Duration timeout, boolean capture, byte[] stdin) {
        public Request {
            argv = List.copyOf(argv);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("no program to run");
            }
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(timeout, "timeout");
        }

        /** {@code argv} in the current directory, no log, no capture, one hour at most. */
        public static Request of(List<String> argv) {
            return new Request(argv, Optional.empty(), Optional.empty(), null, Duration.ofHours(1), false, null);
        }

        public Request in(Path dir) {
            return new Request(argv, Optional.ofNullable(dir), log, sink, timeout, capture, stdin);
        }

        public Request logTo(Path file) {
            return new Request(argv, workDir, Optional.ofNullable(file), sink, timeout, capture, stdin);
        }

        public Request onLine(LineSink lines) {
            return new Request(argv, workDir, log, lines, timeout, capture, stdin);
        }

        public Request timeout(Duration limit) {
            return new Request(argv, workDir, log, sink, limit, capture, stdin);
        }

        public Request capturing() {
            return new Request(argv, workDir, log, sink, timeout, true, stdin);
        }

        /** Writes {@code bytes} to the program's standard input (e.g. a credential helper's question). */
        public Request input(byte[] bytes) {
            return new Request(argv, workDir, log, sink, timeout, capture, bytes.clone());
        }
    }

    /**
     * How a program ended.
     *
     * @param exitCode  its exit status ({@code -1} when it timed out or was stopped)
     * @param tail      the last lines of both streams, in the order they were read
     * @param stdout    all of stdout when captured (bounded), otherwise empty
     * @param truncated stdout was longer than {@link #MAX_CAPTURE}
     * @param timedOut  it ran past its timeout and was stopped
     * @param stopped   {@link #destroyAll()} stopped it (Ctrl-C)
     */
    public record Result(int exitCode, List<String> tail, String stdout, boolean truncated, boolean timedOut,
                         boolean stopped) {
        public Result {
            tail = List.copyOf(tail);
        }

        public boolean succeeded() {
            return exitCode == 0 && !timedOut && !stopped;
        }

        public String tailText() {
            return String.join("\n", tail);
        }
    }

    /** A process slot, registered before the process starts so that Ctrl-C never misses it. */
    private static final class Slot {
        private Process process;
        private boolean stopped;

        synchronized boolean attach(Process p) {
            process = p;
            return !stopped;
        }

        synchronized void stop() {
            stopped = true;
            if (process != null) {
                destroyTree(process, false);
            }
        }

        synchronized boolean isStopped() {
            return stopped;
        }
    }

    private final Map<String, String> environment;
    private final Set<Slot> running = ConcurrentHashMap.newKeySet();
    private final Object hookLock = new Object();
    private Thread hook;
    private boolean closed;

    /** @param environment added to every program's environment */
    public ProcessRunner(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public ProcessRunner() {
        this(Map.of());
    }

    /**
     * Runs {@code request} to its end.
     *
     * @throws IOException          when the program cannot be started (e.g. not installed)
     * @throws InterruptedException when the calling thread is interrupted; the program and its children are stopped
     */
    public Result run(Request request) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(request.argv())
                .redirectInput(request.stdin() == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                        : ProcessBuilder.Redirect.PIPE);
        request.workDir().ifPresent(d -> pb.directory(d.toFile()));
        pb.environment().putAll(environment);
        pb.command(EndsWithJvm.argv(request.argv()));
        Writer log = null;
        if (request.log().isPresent()) {
            Path file = request.log().get().toAbsolutePath();
            Files.createDirectories(file.getParent());
            log = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        Slot slot = new Slot();
        register(slot);
        Output output = new Output(log, request.sink(), request.capture());
        try {
            Process process = pb.start();
            if (!slot.attach(process)) {
                destroyTree(process, false);
            }
            Thread out = pump(process.getInputStream(), Stream.STDOUT, output, process.pid());
            Thread err = pump(process.getErrorStream(), Stream.STDERR, output, process.pid());
            if (request.stdin() != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(request.stdin());
                } catch (IOException e) {
                    // the program does not read its input; its exit code tells the outcome
                }
            }
            boolean timedOut = false;
            try {
                if (!process.waitFor(request.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut = true;
                    stop(process);
                }
                out.join();
                err.join();
            } catch (InterruptedException e) {
                stop(process);
                out.join(GRACE.toMillis());
                err.join(GRACE.toMillis());
                throw e;
            }
            return output.result(timedOut ? -1 : process.exitValue(), timedOut, slot.isStopped());
        } finally {
            running.remove(slot);
            if (log != null) {
                try {
                    log.close();
                } catch (IOException e) {
                    // the log is best effort; the exit code tells the outcome
                }
            }
        }
    }

    /** Stops every program this runner started that still runs, with their children (Ctrl-C). */
    public void destroyAll() {
        for (Slot s : running) {
            s.stop();
        }
    }

    /** Removes the shutdown hook; programs still running (there should be none) are stopped. */
    @Override
    public void close() {
        destroyAll();
        synchronized (hookLock) {
            closed = true;
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run
                }
                hook = null;
            }
        }
    }

    private void register(Slot slot) {
        synchronized (hookLock) {
            if (closed) {
                throw new IllegalStateException("this process runner is closed");
            }
            if (hook == null) {
                hook = new Thread(this::destroyAll, "cip-stop-processes");
                try {
                    Runtime.getRuntime().addShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    slot.stop();
                }
            }
            running.add(slot);
        }
    }

    private static void stop(Process process) throws InterruptedException {
        destroyTree(process, false);
        if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            destroyTree(process, true);
            process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void destroyTree(Process process, boolean forcibly) {
        List<ProcessHandle> children = process.descendants().toList();
        for (ProcessHandle h : children) {
            if (forcibly) {
                h.destroyForcibly();
            } else {
                h.destroy();
            }
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
    }

    private static Thread pump(InputStream in, Stream stream, Output output, long pid) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.line(stream, line);
                }
            } catch (IOException e) {
                // the stream closed under us (process stopped); the exit code tells the outcome
            }
        }, "cip-process-" + pid + "-" + stream.name().toLowerCase(Locale.ROOT));
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Where the lines of one run go; both reader threads write here. */
    private static final class Output {
        private final Writer log;
        private final LineSink sink;
        private final StringBuilder stdout;
        private final Deque<String> tail = new ArrayDeque<>();
        private boolean truncated;
        private IOException logError;
        private RuntimeException sinkError;

        Output(Writer log, LineSink sink, boolean capture) {
            this.log = log;
            this.sink = sink;
            this.stdout = capture ? new StringBuilder() : null;
        }

        synchronized void line(Stream stream, String line) {
            if (log != null && logError == null) {
                try {
                    log.write(line);
                    log.write('\n');
                } catch (IOException e) {
                    logError = e;
                }
            }
            if (stdout != null && stream == Stream.STDOUT) {
                if (stdout.length() + line.length() + 1 <= MAX_CAPTURE) {
                    stdout.append(line).append('\n');
                } else {
                    truncated = true;
                }
            }
            tail.addLast(line);
            if (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
            if (sink != null && sinkError == null) {
                try {
                    sink.line(stream, line);
                } catch (RuntimeException e) {
                    sinkError = e; // keep reading, so the program never blocks on a full pipe
                }
            }
        }

        synchronized Result result(int exitCode, boolean timedOut, boolean stopped) {
            if (log != null) {
                try {
                    log.flush();
                } catch (IOException e) {
                    logError = logError == null ? e : logError;
                }
            }
            if (sinkError != null) {
                throw sinkError;
            }
            if (logError != null) {
                throw new UncheckedIOException("cannot write the program's log", logError);
            }
            return new Result(exitCode, new ArrayList<>(tail), stdout == null ? "" : stdout.toString(), truncated,
                    timedOut, stopped);
        }
    }
}
