package dev.cip.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BuildTagsTest {

    @Test
    void theVersionThenLatestThenEachExtraTagOnce() {
        assertEquals(List.of("localhost:5000/team/app:1.2.0", "localhost:5000/team/app:latest",
                        "localhost:5000/team/app:stable", "localhost:5000/team/app:abc1234"),
                BuildTags.of("localhost:5000/team", "app", "1.2.0", true, List.of("stable", "abc1234", "stable")));
    }

    @Test
    void withoutLatestOnlyTheVersion() {
        assertEquals(List.of("localhost:5000/app:1.2.0"), BuildTags.of("localhost:5000", "app", "1.2.0", false));
    }
}
