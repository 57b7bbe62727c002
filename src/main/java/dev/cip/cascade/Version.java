package dev.cip.cascade;

import dev.cip.failure.InvalidProjectInput;
import dev.cip.oci.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version cascade can bump: dotted numeric components with an optional {@code -suffix} that is kept as it is
 * ({@code 2.0.9}, {@code 1.4}, {@code 3.19.1-alpine}). Components are kept as written, so leading zeros of a
 * component survive ({@code 2024.01.5} → {@code 2024.01.6}, {@code 2024.09} → {@code 2024.10}).
 *
 * @param components the numeric components as written, at least one
 * @param suffix     everything from the first {@code -} on, or empty
 */
public record Version(List<String> components, String suffix) {
    private static final Pattern SHAPE = Tags.VERSION_SHAPE;

    public Version {
        components = List.copyOf(components);
        if (components.isEmpty()) {
            throw new IllegalArgumentException("a version needs at least one component");
        }
        suffix = suffix == null ? "" : suffix;
    }

    /** The version {@code text} names, when it has the shape cascade can bump. */
    public static Optional<Version> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SHAPE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        String suffix = m.group(2) == null ? "" : m.group(2);
        if (suffix.equals("-")) {
            return Optional.empty();
        }
        return Optional.of(new Version(List.of(m.group(1).split("\\.")), suffix));
    }

    /** What a version must look like, for messages. */
    public static String shapeRule() {
        return "cascade needs a dotted numeric version such as \"1.4.2\", optionally with a suffix such as"
                + " \"1.4.2-alpine\"";
    }

    /**
     * This version raised by {@code level}: {@code PATCH} raises the last component (as the original tool does), {@code MINOR} the second
     * and {@code MAJOR} the first; the components after the raised one become zero. The suffix is kept.
     *
     * @throws IllegalArgumentException for {@code PARENT} (not a concrete level)
     * @throws InvalidProjectInput      for {@code MINOR} on a version with a single component
     */
    public Version bump(BumpLevel level) {
        int index = switch (level) {
            case PATCH -> components.size() - 1;
            case MINOR -> {
                if (components.size() < 2) {
                    throw new InvalidProjectInput(null, "\"" + this + "\" has no minor component to raise", null);
                }
                yield 1;
            }
            case MAJOR -> 0;
            case PARENT -> throw new IllegalArgumentException("parent is not a concrete level");
        };
        List<String> next = new ArrayList<>(components.size());
        for (int k = 0; k < components.size(); k++) {
            String c = components.get(k);
            if (k < index) {
                next.add(c);
            } else if (k == index) {
                next.add(pad(Long.toString(Long.parseLong(c) + 1), width(c)));
            } else {
                next.add(pad("0", width(c)));
            }
        }
        return new Version(next, suffix);
    }

    /**
     * The level of the change from {@code this} to {@code newer}: {@code MAJOR} when the first component differs (and
     * there are more), {@code PATCH} when only the last one does, {@code MINOR} otherwise. Empty when the numbers are
     * equal (only the suffix changed, or nothing did).
     */
    public Optional<BumpLevel> changeTo(Version newer) {
        int n = Math.max(components.size(), newer.components.size());
        for (int k = 0; k < n; k++) {
            if (number(k) != newer.number(k)) {
                if (k == 0 && n > 1) {
                    return Optional.of(BumpLevel.MAJOR);
                }
                return Optional.of(k == n - 1 ? BumpLevel.PATCH : BumpLevel.MINOR);
            }
        }
        return Optional.empty();
    }

    /**
     * Compares the numeric components only (missing ones count as zero); the suffix names a variant, not an order.
     */
    public int compareNumbers(Version other) {
        int n = Math.max(components.size(), other.components.size());
        for (int k = 0; k < n; k++) {
            int c = Long.compare(number(k), other.number(k));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private long number(int k) {
        return k < components.size() ? Long.parseLong(components.get(k)) : 0L;
    }

    /** The width a zero-padded component ({@code 01}) keeps; other components have no fixed width. */
    private static int width(String component) {
        return component.length() > 1 && component.charAt(0) == '0' ? component.length() : 1;
    }

    private static String pad(String digits, int width) {
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    @Override
    public String toString() {
        return String.join(".", components) + suffix;
    }
}
