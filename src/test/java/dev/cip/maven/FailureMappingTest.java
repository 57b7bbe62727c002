package dev.cip.maven;

import dev.cip.failure.ChangedNotBumped;
import dev.cip.failure.IncompleteStaging;
import dev.cip.failure.InvalidProjectInput;
import dev.cip.failure.InvalidSetting;
import dev.cip.failure.SignatureCheckFailed;
import dev.cip.failure.UnpinnedBases;
import dev.cip.plan.Advice;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import dev.cip.testing.ProjectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every goal gives what the core throws its Maven kind by type ({@code AbstractCipMojo.execute}): a typed user
 * failure is a {@link MojoFailureException} in Maven's words; anything else is an internal error of cip, a
 * {@link MojoExecutionException} carrying the exception (and so its stack trace), never worded as the user's mistake.
 */
class FailureMappingTest {
    @TempDir
    Path dir;

    /** A goal whose work ends with what the core threw. */
    private static final class Throwing extends AbstractCipMojo {
        private final RuntimeException thrown;

        Throwing(RuntimeException thrown) {
            this.thrown = thrown;
            localRegistry = "localhost:5000";
            setLog(new SystemStreamLog());
        }

        @Override
        protected void run() {
            throw thrown;
        }
    }

    private static MojoFailureException usersFailure(RuntimeException thrown) {
        MojoFailureException e = assertThrows(MojoFailureException.class, new Throwing(thrown)::execute);
        assertSame(thrown, e.getCause());
        return e;
    }

    @Test
    void changedButNotBumpedIsTheUsersFailureNamingCipStrictAndTheGoalThatBumps() {
        // the core's plain wording; the adapter words it for Maven by its type
        ChangedNotBumped plain = new ChangedNotBumped(List.of("base"), List.of("app"),
                Advice.PLAIN.changedNotBumped(List.of("base"), List.of("app")));
        assertFalse(plain.getMessage().contains("mvn"), plain.getMessage());
        assertEquals("cip.strict: the content of base changed since its version was published (and with it, through"
                + " a parent, app), but no version was bumped; run mvn cip:update: it bumps base and cascades to the"
                + " images built on it. Nothing was built.", usersFailure(plain).getMessage());
    }

    @Test
    void unpinnedBasesAreTheUsersFailureNamingTheGoalThatPins() {
        Map<String, List<String>> images = new LinkedHashMap<>();
        images.put("web", List.of("nginx:1"));
        images.put("app", List.of("alpine:3", "debian:12"));
        UnpinnedBases plain = new UnpinnedBases(images, Advice.PLAIN.strictUnpinned(images));
        String message = usersFailure(plain).getMessage();
        assertTrue(message.startsWith("cip.strict: unpinned bases (web: nginx:1; app: alpine:3, debian:12)"),
                message);
        assertTrue(message.endsWith("pin them by digest with mvn cip:update -Dcip.pinUnpinned. Nothing was built."),
                message);
    }

    @Test
    void theOtherUserFailuresKeepTheCoresWords() {
        for (RuntimeException thrown : List.of(
                new InvalidSetting("release mode must be end or atomic, not 'later'"),
                new InvalidProjectInput(Path.of("contexts/app/.dockerignore"), 2,
                        "contexts/app/.dockerignore:2: invalid pattern \"[a\"", null),
                new IncompleteStaging("base 1.0", List.of("linux/arm64"), "base 1.0 is staged, but not for every one"
                        + " of linux/arm64 (staged: linux/amd64); stage the missing platforms first"),
                new SignatureCheckFailed(List.of("r/app@sha256:1"), "signature check failed for 1 published image"))) {
            assertEquals(thrown.getMessage(), usersFailure(thrown).getMessage());
        }
    }

    @Test
    void aBareIllegalArgumentExceptionIsAnInternalErrorOfCipWithItsStackTrace() {
        IllegalArgumentException bug = new IllegalArgumentException("no image named nope");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, new Throwing(bug)::execute);
        assertSame(bug, e.getCause(), "the exception, and with it the stack trace, goes with the failure");
        assertTrue(e.getMessage().startsWith("cip throwing stopped on an internal error of cip (a bug, not a mistake "
                + "in your project or settings): java.lang.IllegalArgumentException: no image named nope."),
                e.getMessage());
        assertTrue(e.getMessage().contains("-e"), e.getMessage());
    }

    @Test
    void anyOtherUnexpectedExceptionIsAnInternalErrorToo() {
        for (RuntimeException bug : List.of(new IllegalStateException("not looked up"),
                new NullPointerException("digest"), new UnsupportedOperationException())) {
            MojoExecutionException e = assertThrows(MojoExecutionException.class, new Throwing(bug)::execute);
            assertSame(bug, e.getCause());
            assertTrue(e.getMessage().contains("internal error of cip"), e.getMessage());
        }
    }

    @Test
    void anInterruptionPassedOnUncheckedIsNoInternalError() {
        IllegalStateException interrupted = new IllegalStateException("interrupted", new InterruptedException());
        MojoExecutionException e = assertThrows(MojoExecutionException.class, new Throwing(interrupted)::execute);
        assertEquals("cip throwing was interrupted", e.getMessage());
        assertSame(interrupted, e.getCause());
    }

    @Test
    void anUnknownImageThroughARealGoalIsTheUsersFailure() throws Exception {
        ProjectFixture.in(dir).context("00-app", "FROM scratch\n", "{:version \"1.0.0\"}\n");
        PlanMojo mojo = new PlanMojo(null);
        mojo.projectDir = dir.toFile();
        mojo.localRegistry = "127.0.0.1:9";
        mojo.reportDir = dir.resolve("target/cip").toFile();
        mojo.platforms = List.of("linux/amd64");
        mojo.docker = dir.resolve("no-docker").toString();
        mojo.provenance = "auto";
        mojo.planFor = "publish-locally";
        mojo.images = List.of("ap");
        mojo.setLog(new SystemStreamLog());
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("Unknown image ap (did you mean app?); the project's images are: app", e.getMessage());
        assertTrue(e.getCause() instanceof InvalidSetting, String.valueOf(e.getCause()));
    }
}
