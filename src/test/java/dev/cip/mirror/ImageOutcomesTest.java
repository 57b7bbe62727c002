package dev.cip.mirror;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outcome of a mirror or pull run: the goal fails exactly when an image ends in one of the goal's failures. */
class ImageOutcomesTest {
    private enum Kind { DONE, ABSENT, BROKEN }

    private record One(ImageVersion image, Kind status, String detail) implements ImageOutcomes.Handled<Kind> {
    }

    private static final One DONE = new One(new ImageVersion("base", "1.0"), Kind.DONE, "done");
    private static final One ABSENT = new One(new ImageVersion("app", "2.0"), Kind.ABSENT, "absent");
    private static final One BROKEN = new One(new ImageVersion("tool", "3.0"), Kind.BROKEN, "broken");

    @Test
    void onlyTheGoalsFailingStatusesFailIt() {
        List<One> all = List.of(DONE, ABSENT);
        assertTrue(new ImageOutcomes<>(all, EnumSet.of(Kind.BROKEN)).succeeded());
        assertFalse(new ImageOutcomes<>(all, EnumSet.of(Kind.ABSENT, Kind.BROKEN)).succeeded());
        assertFalse(new ImageOutcomes<>(List.of(DONE, BROKEN), EnumSet.of(Kind.BROKEN)).succeeded());
        assertEquals(List.of(ABSENT), new ImageOutcomes<>(List.of(DONE, ABSENT, BROKEN), Set.of()).with(Kind.ABSENT));
    }

    @Test
    void anImageInAFailingStatusIsAWarningTheOthersInformation() {
        RegistryMirrorTest.Lines lines = new RegistryMirrorTest.Lines();
        Set<Kind> failures = EnumSet.of(Kind.BROKEN);
        for (One one : List.of(DONE, ABSENT, BROKEN)) {
            ImageOutcomes.tell(lines, one, failures);
        }
        assertEquals(List.of("base:1.0: done", "app:2.0: absent"), lines.info);
        assertEquals(List.of("tool:3.0: broken"), lines.warn);
    }
}
