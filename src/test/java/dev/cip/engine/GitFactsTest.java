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
}
