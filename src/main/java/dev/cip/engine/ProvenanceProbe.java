package dev.cip.engine;

import dev.cip.failure.InvalidSetting;
import dev.cip.process.ProcessRunner;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The original tool's provenance probe: when {@code docker build --provenance=false --help} is accepted the builder adds
 * provenance attestations as it likes (no flag passed); when the flag is unknown, {@code --provenance=false} is passed
 * so that no such metadata is uploaded.
 */
public final class ProvenanceProbe {
    private ProvenanceProbe() {
    }

    /** The provenance settings understood: {@code true} is {@code mode=min}. */
    public static final List<String> SETTINGS = List.of("auto", "true", "false", "mode=min", "mode=max");

    /**
     * The {@code --provenance} value to pass for {@code setting} ({@code auto}, {@code true}, {@code false},
     * {@code mode=min}, {@code mode=max}): on, off, or empty for the builder's default.
     */
    public static Optional<Boolean> resolve(String setting, String docker) throws IOException, InterruptedException {
        return resolved(normalise(setting), needsProbe(setting) && supportsProvenance(docker));
    }

    private static Optional<Boolean> resolved(String mode, boolean supportsProvenance) {
        return switch (mode) {
            case "true", "mode=min", "mode=max" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> supportsProvenance ? Optional.empty() : Optional.of(false);
        };
    }

    /**
     * The bake {@code attest} entries for a provenance setting (see {@link #resolve}) and an SBOM request; empty
     * leaves the builder's default. The SBOM is made by BuildKit's scanner image, which the builder pulls.
     */
    public static List<String> attestations(String setting, boolean sbom, String docker)
            throws IOException, InterruptedException {
        return attestations(setting, sbom, needsProbe(setting) && supportsProvenance(docker));
    }

    /**
     * Whether {@code setting} depends on the builder ({@code auto}): only then is {@link #supportsProvenance} asked.
     */
    public static boolean needsProbe(String setting) {
        return normalise(setting).equals("auto");
    }

    /**
     * The bake {@code attest} entries as {@link #attestations(String, boolean, String)}, with the probe's answer
     * already known ({@code supportsProvenance}; unused unless the setting is {@code auto}).
     */
    public static List<String> attestations(String setting, boolean sbom, boolean supportsProvenance) {
        List<String> attest = new ArrayList<>();
        String mode = normalise(setting);
        if (mode.startsWith("mode=")) {
            attest.add("type=provenance," + mode);
        } else {
            resolved(mode, supportsProvenance).ifPresent(on -> attest.add(on ? "type=provenance,mode=min"
                    : "type=provenance,disabled=true"));
        }
        if (sbom) {
            attest.add("type=sbom");
        }
        return List.copyOf(attest);
    }

    private static String normalise(String setting) {
        String v = setting == null ? "auto" : setting.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        if (v.isEmpty()) {
            return "auto";
        }
        if (!SETTINGS.contains(v)) {
            throw new InvalidSetting("provenance setting '" + setting + "' is not one of "
                    + String.join(", ", SETTINGS));
        }
        return v;
    }

    /** Whether the CLI knows {@code --provenance} (one {@code docker build --help}). */
    public static boolean supportsProvenance(String docker) throws IOException, InterruptedException {
        try (ProcessRunner runner = new ProcessRunner()) {
            ProcessRunner.Result r = runner.run(ProcessRunner.Request.of(
                    List.of(docker, "build", "--provenance=false", "--help")).timeout(Duration.ofSeconds(30)));
            return r.succeeded() && r.tail().stream().noneMatch(l -> l.contains("unknown flag: --provenance"));
        }
    }
}
