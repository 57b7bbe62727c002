package dev.cip.engine;

import dev.cip.report.BuildResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageBuildTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Path LOG = Path.of("logs/app.log");

    private static ImageBuild app() {
        return new ImageBuild(new BakeEngine.Image("app", "1.0", "local platform", Set.of("base")));
    }

    @Test
    void anImageBuiltAgainKeepsTheStartOfItsFirstBuildAndNeverEndsBeforeItStarts() {
        ImageBuild app = app();
        assertTrue(app.startedAt(T0));
        assertFalse(app.startedAt(T0.plusSeconds(5)), "the first start stays");
        app.status(BuildResult.Status.DONE);
        app.ran(Optional.of(T0.plusSeconds(10)), T0.plusSeconds(20)); // its own bake, after the bake of all images
        BuildResult result = app.result(LOG);
        assertEquals(Optional.of(T0), result.start());
        assertEquals(Optional.of(T0.plusSeconds(20)), result.end());

        ImageBuild early = app();
        early.status(BuildResult.Status.DONE);
        early.ran(Optional.of(T0.plusSeconds(10)), T0.plusSeconds(3)); // an end the progress saw before the start
        assertEquals(Optional.of(T0.plusSeconds(10)), early.result(LOG).end());
    }

    @Test
    void aFailureKeepsItsStartErrorExitCodeAndTailAndAnUndecidedImageDidNotStart() {
        ImageBuild app = app();
        app.startedAt(T0);
        app.attempt();
        app.status(BuildResult.Status.FAILED);
        app.failure("step 3 failed", 1, List.of("#3 ERROR"));
        app.failedRun(T0.plusSeconds(5), Optional.of(T0.minusSeconds(1)), T0.plusSeconds(9));
        BuildResult failed = app.result(LOG);
        assertEquals(new BuildResult("app", "1.0", BuildResult.Status.FAILED, 1, Optional.of(1), Optional.empty(),
                Optional.of(T0), Optional.of(T0.plusSeconds(9)), LOG, Optional.empty(), List.of("#3 ERROR"),
                Optional.of("step 3 failed")), failed);

        ImageBuild cancelled = app(); // started, then never decided: no timings
        cancelled.startedAt(T0);
        assertTrue(cancelled.decideIfOpen(BuildResult.Status.NOT_STARTED));
        assertFalse(cancelled.decideIfOpen(BuildResult.Status.BLOCKED), "a status is given once");
        BuildResult notStarted = cancelled.result(LOG);
        assertEquals(BuildResult.Status.NOT_STARTED, notStarted.status());
        assertEquals(Optional.empty(), notStarted.start());
        assertEquals(BuildResult.Status.NOT_STARTED, app().result(LOG).status());
    }
}
