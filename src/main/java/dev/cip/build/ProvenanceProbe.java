package dev.cip.build;

import dev.cip.process.ProcessRunner;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
        try (ProcessRunner runner = new ProcessRunner()) {
            ProcessRunner.Result r = runner.run(ProcessRunner.Request.of(
                    List.of(docker, "build", "--provenance=false", "--help")).timeout(Duration.ofSeconds(30)));
            return r.succeeded() && r.tail().stream().noneMatch(l -> l.contains("unknown flag: --provenance"));
        }
    }
}
