package dev.cip.release;

import dev.cip.failure.InvalidSetting;

import java.util.Locale;

/** What a release does when some selected images cannot be released. */
public enum ReleaseMode {
    /** Release every image whose own graph succeeded; list the others with the reason. */
    END,
    /** Tag nothing unless every selected image can be released. */
    ATOMIC;

    /** {@code end} or {@code atomic}, any case. */
    public static ReleaseMode parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "end" -> END;
            case "atomic" -> ATOMIC;
            default -> throw new InvalidSetting("release mode must be end or atomic, not '" + value + "'");
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
