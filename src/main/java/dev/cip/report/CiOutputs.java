package dev.cip.report;

import dev.cip.files.AtomicFiles;
import dev.cip.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hands a run's report to the CI system running it, from the environment it is given (never the JVM's own, so tests
 * pass temporary files):
 * <ul>
 *   <li>{@code GITHUB_STEP_SUMMARY} set: {@code summary.md} is appended to that file (the job summary);</li>
 *   <li>{@code GITHUB_OUTPUT} set: the step outputs {@code status}, {@code built} (one full reference with digest per
 *       line), {@code digests} (a JSON object, image name to full reference with digest, for every image whose
 *       digest is known) and {@code report} (the path of report.json) are appended, multi-line values in the
 *       {@code name<<delimiter} form with a random delimiter;</li>
 *   <li>always: {@code cip.env} in the report directory, a dotenv file for GitLab's {@code artifacts:reports:dotenv}
 *       with only what a later job needs to decide and to find the rest: {@code CIP_STATUS}, the counts
 *       {@code CIP_IMAGES}, {@code CIP_BUILT}, {@code CIP_RELEASED}, {@code CIP_FAILED} and {@code CIP_REPORT} (the
 *       path of report.json, which has every image's reference and digest). A fixed set of short values: GitLab
 *       refuses a dotenv file over 5 KB or with more than 20 variables (its default limits), which one variable per
 *       image or a list of references would pass at a few dozen images.</li>
 * </ul>
 */
public final class CiOutputs {
    public static final String GITHUB_STEP_SUMMARY = "GITHUB_STEP_SUMMARY";
    public static final String GITHUB_OUTPUT = "GITHUB_OUTPUT";
    public static final String DOTENV = "cip.env";

    private CiOutputs() {
    }

    /** Writes the outputs of the report in {@code reportDir}; returns the files written. */
    public static List<Path> write(Path reportDir, ReportFile report, Map<String, String> environment)
            throws IOException {
        List<Path> written = new ArrayList<>();
        Path summary = reportDir.resolve("summary.md");
        String summaryPath = environment.get(GITHUB_STEP_SUMMARY);
        if (summaryPath != null && !summaryPath.isBlank() && Files.isRegularFile(summary)) {
            Path target = Path.of(summaryPath);
            append(target, Files.readString(summary, StandardCharsets.UTF_8) + "\n");
            written.add(target);
        }
        List<String> built = new ArrayList<>();
        Map<String, String> digests = new LinkedHashMap<>();
        for (ReportFile.Image i : report.images()) {
            if ("DONE".equals(i.decision()) || "RELEASED".equals(i.decision())) {
                built.add(i.reference());
            }
            if (i.digest() != null) {
                digests.put(i.name(), i.reference());
            }
        }
        String outputPath = environment.get(GITHUB_OUTPUT);
        if (outputPath != null && !outputPath.isBlank()) {
            StringBuilder sb = new StringBuilder();
            sb.append("status=").append(report.status().name()).append('\n');
            multiLine(sb, "built", String.join("\n", built));
            multiLine(sb, "digests", Json.mapper().writeValueAsString(digests));
            sb.append("report=").append(reportDir.resolve("report.json").toAbsolutePath()).append('\n');
            Path target = Path.of(outputPath);
            append(target, sb.toString());
            written.add(target);
        }
        Path dotenv = reportDir.resolve(DOTENV);
        AtomicFiles.write(dotenv, dotenv(reportDir, report)); // ours: replaced, never written through a link
        written.add(dotenv);
        return written;
    }

    /**
     * The dotenv text: the same variables whatever the number of images. {@code CIP_REPORT} is relative to the working
     * directory when the report is under it (a later job finds the artifact at the same relative path, whatever
     * directory its runner checks the project out to).
     */
    static String dotenv(Path reportDir, ReportFile report) {
        ReportFile.Totals totals = report.totals();
        Path reportJson = reportDir.resolve("report.json").toAbsolutePath().normalize();
        Path workingDirectory = Path.of("").toAbsolutePath();
        String reportPath = reportJson.startsWith(workingDirectory)
                ? workingDirectory.relativize(reportJson).toString() : reportJson.toString();
        return "CIP_STATUS=" + report.status().name() + '\n'
                + "CIP_IMAGES=" + (totals == null ? report.images().size() : totals.images()) + '\n'
                + "CIP_BUILT=" + (totals == null ? 0 : totals.built()) + '\n'
                + "CIP_RELEASED=" + (totals == null ? 0 : totals.released()) + '\n'
                + "CIP_FAILED=" + (totals == null ? 0 : totals.failed()) + '\n'
                + "CIP_REPORT=" + reportPath + '\n';
    }

    /** {@code name<<delimiter}, the value, the delimiter: safe for values of several lines. */
    private static void multiLine(StringBuilder sb, String name, String value) {
        String delimiter = "cip_" + UUID.randomUUID().toString().replace("-", "");
        sb.append(name).append("<<").append(delimiter).append('\n');
        if (!value.isEmpty()) {
            sb.append(value).append('\n');
        }
        sb.append(delimiter).append('\n');
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
