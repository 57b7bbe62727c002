package dev.cip.engine;

import dev.cip.process.ProcessRunner;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
     * The text of {@code file} (a file name in {@code dir}) at the last commit ({@code git -C <dir> show
     * HEAD:./<file>}); empty when it is not committed, {@code dir} is not in a work tree or git is not installed.
     */
    public Optional<String> committed(Path dir, String file) throws InterruptedException {
        return run(dir, "show", "HEAD:./" + file);
    }

    private Optional<String> run(Path dir, String... args) throws InterruptedException {
        List<String> argv = new java.util.ArrayList<>(List.of(git, "-C", dir.toString()));
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
