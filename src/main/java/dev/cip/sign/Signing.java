package dev.cip.sign;

import java.util.Objects;
import java.util.Optional;

/**
 * The signatures of a run: {@code sign} signs every digest the run releases; {@code verify} must accept the signature
 * of every published image the plan skips, or nothing is built.
 */
public record Signing(Optional<Cosign> sign, Optional<Cosign> verify) {
    /** Neither signs nor verifies. */
    public static final Signing NONE = new Signing(Optional.empty(), Optional.empty());

    public Signing {
        Objects.requireNonNull(sign, "sign");
        Objects.requireNonNull(verify, "verify");
    }
}
