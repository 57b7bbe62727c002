package dev.cip.dockerfile;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SubstitutionTest {
    private static final Map<String, String> VARS = Map.of("R", "reg:5000", "EMPTY", "", "V", "1.0");

    private static String expand(String text) {
        return Substitution.expand(text, VARS, '\\', new LinkedHashSet<>());
    }

    @Test
    void forms() {
        assertEquals("reg:5000/a:1.0", expand("${R}/a:${V}"));
        assertEquals("reg:5000/a:1.0", expand("$R/a:$V"));
        assertEquals("reg:5000/a", expand("${R:-x}/a"));
        assertEquals("x/a", expand("${NONE:-x}/a"));
        assertEquals("x/a", expand("${EMPTY:-x}/a"));
        assertEquals("/a", expand("${EMPTY-x}/a"));
        assertEquals("x/a", expand("${NONE-x}/a"));
        assertEquals("y", expand("${R:+y}"));
        assertEquals("", expand("${EMPTY:+y}"));
        assertEquals("y", expand("${EMPTY+y}"));
        assertEquals("", expand("${NONE+y}"));
        assertEquals("reg:5000", expand("${NONE:-${R}}"));
        assertEquals("$R", expand("\\$R"));
        assertEquals("a$", expand("a$"));
        assertEquals("$1", expand("$1"));
        assertEquals("${R", expand("${R"));
    }

    @Test
    void unresolvedNamesAreCollectedInOrder() {
        Set<String> unresolved = new LinkedHashSet<>();
        assertEquals("/:1.0", Substitution.expand("$HOST/${NAME}:$V", VARS, '\\', unresolved));
        assertEquals(List.of("HOST", "NAME"), List.copyOf(unresolved));
        Set<String> none = new LinkedHashSet<>();
        Substitution.expand("${NONE:-d}", VARS, '\\', none);
        assertEquals(Set.of(), none, "a default means the variable is not missing");
    }

    @Test
    void nestingIsBoundedWithAClearError() {
        String ok = "${A:-".repeat(Substitution.MAX_DEPTH) + "x" + "}".repeat(Substitution.MAX_DEPTH);
        assertEquals("x", Substitution.expand(ok, java.util.Map.of(), '\\', new java.util.HashSet<>()));
        String deep = "${A:-".repeat(50_000) + "x" + "}".repeat(50_000);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Substitution.expand(deep, java.util.Map.of(), '\\', new java.util.HashSet<>()));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("nested more than"), e.getMessage());
    }
}
