package dev.cip.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * compat's provenance probe: when {@code docker build --provenance=false --help} is accepted the builder adds
 * provenance attestations as it likes (no flag passed); when the flag is unknown, {@code --provenance=false} is passed
 * so that no such metadata is uploaded.
 */
public final class ProvenanceProbe {
    private ProvenanceProbe() {
    }

    /** The {@code --provenance} value to pass for {@code setting} ({@code auto}, {@code true}, {@code false}). */
    public static Optional<Boolean> resolve(String setting, String docker) throws IOException, InterruptedException {
        return switch (setting == null ? "auto" : setting.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            case "auto", "" -> supportsProvenance(docker) ? Optional.empty() : Optional.of(false);
            default -> throw new IllegalArgumentException("cip.provenance must be auto, true or false, not '"
                    + setting + "'");
        };
    }

    static boolean supportsProvenance(String docker) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(docker, "build", "--provenance=false", "--help")
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0 && !out.contains("unknown flag: --provenance");
    }
}
