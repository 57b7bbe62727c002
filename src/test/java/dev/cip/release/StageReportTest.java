package dev.cip.release;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StageReportTest {

    /** stage.json is a report like report.json: written through AtomicFiles, readable by all, nothing left beside. */
    @Test
    void writesStageJsonLikeTheOtherReports(@TempDir Path dir) throws Exception {
        Path reports = dir.resolve("target/cip");
        StageReport.Entry entry = new StageReport.Entry("base", "1.0", "linux/amd64", "1.0__cip-linux-amd64",
                "sha256:aa", "sha256:bb", Optional.of("fp"));
        StageReport.write(reports, "localhost:5000", List.of("linux/amd64"), List.of(entry));
        Path file = StageReport.write(reports, "localhost:5000", List.of("linux/amd64"), List.of(entry));

        assertEquals(reports.resolve(StageReport.FILE), file);
        String json = Files.readString(file);
        assertTrue(json.contains("\"fingerprint\" : \"fp\""), json);
        assertTrue(json.endsWith("}\n"), json);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (Stream<Path> s = Files.list(reports)) {
            assertEquals(List.of(StageReport.FILE), s.map(p -> p.getFileName().toString()).toList());
        }
    }
}
