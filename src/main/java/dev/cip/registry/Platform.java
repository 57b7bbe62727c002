package dev.cip.registry;

import java.util.Objects;

/**
 * An OS/architecture/variant triple. {@link #toString()} gives the {@code linux/amd64}, {@code linux/arm/v7} form.
 * {@code arm64} with variant {@code v8} is normalized to no variant, as containerd does.
 *
 * @param os           e.g. {@code linux}
 * @param architecture e.g. {@code amd64}
 * @param variant      e.g. {@code v7}; empty when there is none
 */
public record Platform(String os, String architecture, String variant) {

    public Platform {
        os = Objects.requireNonNullElse(os, "");
        architecture = Objects.requireNonNullElse(architecture, "");
        variant = Objects.requireNonNullElse(variant, "");
        if (architecture.equals("arm64") && (variant.equals("v8") || variant.equals("8"))) {
            variant = "";
        }
    }

    /** Parses {@code os/arch[/variant]}. */
    public static Platform parse(String value) {
        String[] p = value.trim().split("/");
        if (p.length < 2 || p.length > 3 || p[0].isEmpty() || p[1].isEmpty()) {
            throw new IllegalArgumentException("invalid platform '" + value + "' (expected os/arch[/variant])");
        }
        return new Platform(p[0], p[1], p.length == 3 ? p[2] : "");
    }

    /** The {@code unknown/unknown} platform buildx gives attestation manifests. */
    public boolean isUnknown() {
        return os.equals("unknown") && architecture.equals("unknown");
    }

    @Override
    public String toString() {
        return variant.isEmpty() ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
    }
}
