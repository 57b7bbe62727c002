package dev.cip.engine;

import dev.cip.failure.InvalidSetting;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvenanceProbeTest {
    @TempDir
    Path tmp;

    /** A docker that records its argv and knows --provenance. */
    private FakeDocker knowing() {
        return FakeDocker.script(tmp, "docker", """
                #!/bin/sh
                printf '%s\\n' "$@" > "$(dirname "$0")/probe-argv.txt"
                echo "Usage:  docker buildx build [OPTIONS] PATH | URL | -"
                echo "      --provenance string   Shorthand for \\"--attest=type=provenance\\""
                exit 0
                """);
    }

    /** A docker whose build does not know the flag, as old CLIs answer. */
    private FakeDocker unknowing() {
        return FakeDocker.script(tmp, "old-docker", """
                #!/bin/sh
                echo "unknown flag: --provenance" >&2
                echo "See 'docker build --help'." >&2
                exit 125
                """);
    }

    @Test
    void autoPassesNoFlagWhenTheFlagIsAccepted() throws Exception {
        FakeDocker docker = knowing();
        assertEquals(Optional.empty(), ProvenanceProbe.resolve("auto", docker.executable()));
        assertEquals(List.of("build", "--provenance=false", "--help"),
                Files.readAllLines(tmp.resolve("probe-argv.txt")));
        assertEquals(Optional.empty(), ProvenanceProbe.resolve(null, docker.executable()));
        assertEquals(Optional.empty(), ProvenanceProbe.resolve(" AUTO ", docker.executable()));
        assertEquals(Optional.empty(), ProvenanceProbe.resolve("", docker.executable()));
    }

    @Test
    void autoPassesFalseWhenTheFlagIsUnknown() throws Exception {
        assertEquals(Optional.of(false), ProvenanceProbe.resolve("auto", unknowing().executable()));
    }

    @Test
    void explicitValuesAreNotProbed() throws Exception {
        String missing = tmp.resolve("not-there").toString(); // running it would throw
        assertEquals(Optional.of(true), ProvenanceProbe.resolve("true", missing));
        assertEquals(Optional.of(false), ProvenanceProbe.resolve("false", missing));
        assertEquals(Optional.of(true), ProvenanceProbe.resolve("TRUE", missing));
    }

    @Test
    void aBadValueIsRejectedNamingTheValueAndTheChoices() {
        InvalidSetting e = assertThrows(InvalidSetting.class,
                () -> ProvenanceProbe.resolve("maybe", knowing().executable()));
        assertTrue(e.getMessage().contains("maybe") && e.getMessage().contains("mode=max"), e.getMessage());
    }

    @Test
    void modesAndSbomBecomeAttestEntriesWithoutAskingTheCli() throws Exception {
        String missing = tmp.resolve("not-there").toString(); // running it would throw
        assertEquals(List.of("type=provenance,mode=max"), ProvenanceProbe.attestations("mode=max", false, missing));
        assertEquals(List.of("type=provenance,mode=min", "type=sbom"),
                ProvenanceProbe.attestations(" Mode=Min ", true, missing));
        assertEquals(List.of("type=provenance,mode=min"), ProvenanceProbe.attestations("true", false, missing));
        assertEquals(List.of("type=provenance,disabled=true", "type=sbom"),
                ProvenanceProbe.attestations("false", true, missing));
        assertEquals(Optional.of(true), ProvenanceProbe.resolve("mode=max", missing));
        assertThrows(InvalidSetting.class, () -> ProvenanceProbe.attestations("mode=huge", false, missing));
    }
}
