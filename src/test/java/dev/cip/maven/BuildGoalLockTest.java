package dev.cip.maven;

import dev.cip.context.ProjectLock;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A build goal and a cascade of one project take turns: a build finding the project locked fails, doing nothing. */
class BuildGoalLockTest {
    @TempDir
    Path dir;

    @Test
    void aBuildWhileACascadeHoldsTheLockFailsNamingTheLock() throws Exception {
        ProjectFixture.in(dir).context("00-app", "FROM scratch\n", "{:version \"1.0.0\"}\n");
        PublishLocallyMojo mojo = new PublishLocallyMojo(null);
        mojo.projectDir = dir.toFile();
        mojo.localRegistry = "127.0.0.1:9"; // never reached: the lock is taken before anything else
        mojo.reportDir = dir.resolve("target/cip").toFile();
        mojo.platforms = List.of("linux/amd64");
        mojo.docker = "docker";
        mojo.provenance = "auto";
        mojo.retries = 0;
        mojo.setLog(new SystemStreamLog());

        try (ProjectLock held = ProjectLock.acquire(dir, "cip:cascade")) {
            MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
            assertTrue(e.getMessage().contains(ProjectLock.FILE_NAME), e.getMessage());
            assertTrue(e.getMessage().contains("cip:cascade"), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("target/cip")), "nothing planned or written while locked");
    }
}
