package dev.cip.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cip.env must stay a valid GitLab dotenv report however many images a project has. */
class CiOutputsTest {

    /** GitLab's default limits for a dotenv report (plan limits dotenv_size and dotenv_variables). */
    private static final int GITLAB_DOTENV_MAX_BYTES = 5 * 1024;
    private static final int GITLAB_DOTENV_MAX_VARIABLES = 20;

    @TempDir
    Path reportDir;

    @Test
    void dotenvOfATwoHundredImageRunStaysWithinGitLabsLimits() throws Exception {
        List<ReportFile.Image> images = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String name = "image-with-a-rather-long-name-" + i;
            images.add(new ReportFile.Image(name, "1.2." + i,
                    "registry.example.com/some/team/path/" + name + ":1.2." + i + "@sha256:" + "ab".repeat(32),
                    "DONE", "BUILD", "new version 1.2." + i, List.of("linux/amd64", "linux/arm64"),
                    "sha256:" + "cd".repeat(32), "sha256:" + "ab".repeat(32), null, null, 1000L, 1, 0,
                    "logs/" + name + ".log", true));
        }
        ReportFile report = new ReportFile(ReportFile.SCHEMA_VERSION, "publish", "registry.example.com/some/team/path",
                ReportFile.Status.SUCCEEDED, "2026-12-07T00:00:00Z", null,
                new ReportFile.Totals(200, 200, 0, 200, 0, 0, 0, 200), images, List.of());

        CiOutputs.write(reportDir, report, Map.of());

        byte[] bytes = Files.readAllBytes(reportDir.resolve(CiOutputs.DOTENV));
        assertTrue(bytes.length < GITLAB_DOTENV_MAX_BYTES, "cip.env has " + bytes.length + " bytes");
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            // GitLab's dotenv: no empty lines, no comments, NAME=value with a plain value
            assertTrue(line.matches("[A-Z][A-Z0-9_]*=[^\\s'\"]*"), "not a GitLab dotenv line: " + line);
            variables.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        assertTrue(variables.size() <= GITLAB_DOTENV_MAX_VARIABLES, variables.keySet().toString());
        assertEquals("SUCCEEDED", variables.get("CIP_STATUS"));
        assertEquals("200", variables.get("CIP_IMAGES"));
        assertEquals("200", variables.get("CIP_BUILT"));
        assertEquals("200", variables.get("CIP_RELEASED"));
        assertEquals("0", variables.get("CIP_FAILED"));
        // the rest (every reference and digest) is in the report a later job reads from the artifacts
        assertEquals(reportDir.resolve("report.json").toAbsolutePath().normalize(),
                Path.of(variables.get("CIP_REPORT")).toAbsolutePath().normalize());
    }
}
