package dev.cip.cascade;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How much a version is raised. {@link #PARENT} mirrors the highest level changed among an image's parents. */
public enum BumpLevel {
    PATCH, MINOR, MAJOR, PARENT;

    /** The level named {@code text} ({@code patch}, {@code minor}, {@code major}, {@code parent}; any case). */
    public static Optional<BumpLevel> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(l -> l.name().equals(t)).findFirst();
    }

    /** The accepted names, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(BumpLevel::toString).collect(Collectors.joining(", "));
    }

    /** The higher of two concrete levels ({@code MAJOR} > {@code MINOR} > {@code PATCH}). */
    static BumpLevel max(BumpLevel a, BumpLevel b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
