package dev.cip.engine;

import dev.cip.process.ProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What goes into the source label: never a user or password. */
class GitFactsTest {
    @TempDir
    Path dir;

    @Test
    void credentialsAreRemovedFromTheAuthorityOnly() {
        assertEquals("https://git.example.com/team/x.git",
                GitFacts.withoutCredentials("https://ci:t0k3n@git.example.com/team/x.git"));
        assertEquals("https://git.example.com", GitFacts.withoutCredentials(" https://tok@git.example.com "));
        assertEquals("https://git.example.com/a@b", GitFacts.withoutCredentials("https://git.example.com/a@b"),
                "an @ in the path is no credential");
        assertEquals("https://git.example.com?u=a@b", GitFacts.withoutCredentials("https://git.example.com?u=a@b"));
        assertEquals("https://git.example.com/x", GitFacts.withoutCredentials("https://u:p@ss@git.example.com/x"));
        assertEquals("git@git.example.com:team/x.git", GitFacts.withoutCredentials("git@git.example.com:team/x.git"),
                "an scp-like address keeps its SSH login, no secret");
    }

    @Test
    void outsideAWorkTreeOrWithoutGitThereAreNoFacts() throws Exception {
        try (ProcessRunner runner = new ProcessRunner()) {
            GitFacts git = new GitFacts(runner, "git");
            assertFalse(git.inWorkTree(dir));
            assertEquals(Optional.empty(), git.revision(dir));
            assertEquals(Optional.empty(), git.originUrl(dir));
            GitFacts none = new GitFacts(runner, dir.resolve("no-git").toString());
            assertFalse(none.inWorkTree(dir));
            assertEquals(Optional.empty(), none.revision(dir));
        }
    }

    /** Every committed text in one call, byte-exact (also past multi-byte characters); what is not committed is left out. */
    @Test
    void theCommittedTextsOfManyFilesAreReadAtOnce() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("contexts/00-a"));
        java.nio.file.Files.createDirectories(dir.resolve("contexts/01-b"));
        java.nio.file.Files.writeString(dir.resolve("contexts/00-a/info.edn"), "{:version \"1.0.0\" ; café\n}\n");
        java.nio.file.Files.writeString(dir.resolve("contexts/01-b/info.edn"), "{:version \"2.0.0\"}");
        try (ProcessRunner runner = new ProcessRunner()) {
            for (String[] args : new String[][]{{"init", "-q"}, {"add", "contexts/00-a/info.edn", "contexts/01-b"},
                    {"-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x"}}) {
                java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("git", "-C", dir.toString()));
                argv.addAll(java.util.List.of(args));
                assertEquals(0, runner.run(ProcessRunner.Request.of(argv).capturing()).exitCode());
            }
            java.nio.file.Files.writeString(dir.resolve("contexts/00-a/info.edn"), "{:version \"1.0.1\"}\n");
            java.nio.file.Files.writeString(dir.resolve("new.edn"), "{}");
            GitFacts git = new GitFacts(runner, "git");
            assertEquals(java.util.Map.of("contexts/00-a/info.edn", "{:version \"1.0.0\" ; café\n}\n",
                            "contexts/01-b/info.edn", "{:version \"2.0.0\"}"),
                    git.committed(dir, java.util.List.of("contexts/00-a/info.edn", "new.edn",
                            "contexts/01-b/info.edn")));
        }
    }
}
