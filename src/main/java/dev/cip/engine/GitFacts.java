package dev.cip.engine;

import dev.cip.process.ProcessRunner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What git says about a directory, for the {@code org.opencontainers.image.revision} and {@code .source} labels: read
 * through the {@code git} command, never required (no git, or not a work tree: nothing).
 */
public final class GitFacts {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final ProcessRunner runner;
    private final String git;

    /** @param git the git executable */
    public GitFacts(ProcessRunner runner, String git) {
        this.runner = runner;
        this.git = git;
    }

    /** True when {@code dir} is inside a git work tree (and git is installed). */
    public boolean inWorkTree(Path dir) throws InterruptedException {
        return run(dir, "rev-parse", "--is-inside-work-tree").filter("true"::equals).isPresent();
    }

    /**
     * The last commit that touched {@code dir} ({@code git -C <dir> log -1 --format=%H -- .}); empty when {@code dir}
     * is not in a git work tree, no commit touched it, or git is not installed.
     */
    public Optional<String> revision(Path dir) throws InterruptedException {
        return run(dir, "log", "-1", "--format=%H", "--", ".").filter(s -> COMMIT.matcher(s).matches());
    }

    /** The URL of the remote {@code origin} of the work tree holding {@code dir}, without credentials. */
    public Optional<String> originUrl(Path dir) throws InterruptedException {
        return run(dir, "config", "--get", "remote.origin.url").filter(s -> !s.isBlank())
                .map(GitFacts::withoutCredentials);
    }

    /**
     * The text at the last commit ({@code HEAD}) of each of {@code files} (paths relative to {@code dir}), read by one
     * {@code git cat-file --batch}; a file that is not committed is left out, and nothing is known when {@code dir} is
     * not in a work tree or git is not installed.
     */
    public Map<String, String> committed(Path dir, List<String> files) throws InterruptedException {
        if (files.isEmpty()) {
            return Map.of();
        }
        StringBuilder names = new StringBuilder();
        files.forEach(f -> names.append("HEAD:./").append(f).append('\n'));
        List<String> argv = List.of(git, "-C", dir.toString(), "cat-file", "--batch");
        ProcessRunner.Result r;
        try {
            r = runner.run(ProcessRunner.Request.of(argv).capturing().timeout(TIMEOUT)
                    .input(names.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Map.of(); // no git: no facts
        }
        if (!r.succeeded() || r.truncated()) {
            return Map.of();
        }
        // per name: "<oid> blob <size>\n<size bytes>\n", or "<name> missing\n"
        byte[] out = r.stdout().getBytes(StandardCharsets.UTF_8);
        Map<String, String> texts = new HashMap<>();
        int at = 0;
        for (String file : files) {
            int eol = indexOf(out, (byte) '\n', at);
            if (eol < 0) {
                break;
            }
            String[] header = new String(out, at, eol - at, StandardCharsets.UTF_8).split(" ");
            at = eol + 1;
            if (header.length == 3 && header[1].equals("blob")) {
                int size = Integer.parseInt(header[2]);
                if (at + size > out.length) {
                    break;
                }
                texts.put(file, new String(out, at, size, StandardCharsets.UTF_8));
                at += size + 1;
            }
        }
        return texts;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private Optional<String> run(Path dir, String... args) throws InterruptedException {
        List<String> argv = new ArrayList<>(List.of(git, "-C", dir.toString()));
        argv.addAll(List.of(args));
        try {
            ProcessRunner.Result r = runner.run(ProcessRunner.Request.of(argv).capturing().timeout(TIMEOUT));
            return r.succeeded() ? Optional.of(r.stdout().strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no git: no facts
        }
    }

    /**
     * {@code url} without a user or password: {@code https://user:token@host/x} becomes {@code https://host/x}. An
     * scp-like {@code git@host:path} keeps its user, which is the SSH login and no secret.
     */
    public static String withoutCredentials(String url) {
        String u = url.strip();
        int scheme = u.indexOf("://");
        if (scheme < 0) {
            return u;
        }
        int start = scheme + 3;
        int end = u.length();
        for (char c : new char[]{'/', '?', '#'}) {
            int i = u.indexOf(c, start);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        int at = u.lastIndexOf('@', end - 1);
        return at >= start ? u.substring(0, start) + u.substring(at + 1) : u;
    }
}
