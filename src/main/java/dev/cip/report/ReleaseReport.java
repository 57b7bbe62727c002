package dev.cip.report;

import dev.cip.files.AtomicFiles;
import dev.cip.json.Json;
import dev.cip.oci.ImageName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code report.json} and {@code summary.md} of a release ({@code cip:release}), in the format of a build run's
 * (goal {@code release}), so that a pipeline reads the final index digests the way it reads a publish's.
 */
public final class ReleaseReport {
    private ReleaseReport() {
    }

    /**
     * One image of the release.
     *
     * @param status    what the release did: RELEASED, UNCHANGED, HELD, MISSING_PLATFORMS, FAILED, BLOCKED, CONFLICT
     * @param digest    the digest {@code <version>} points at (or would), when known
     * @param platforms the platforms of that index
     * @param staging   the staging tags it was assembled from
     * @param written   the tags written (or to write, in a check-only run)
     * @param released  {@code <version>} holds what was staged (released now or before)
     */
    public record Entry(String name, String version, String status, String reason, Optional<String> digest,
                        List<String> platforms, List<String> staging, List<String> written, boolean released) {
        public Entry {
            Objects.requireNonNull(digest, "digest");
            platforms = List.copyOf(platforms);
            staging = List.copyOf(staging);
            written = List.copyOf(written);
        }
    }

    /**
     * Writes {@code report.json} and {@code summary.md} to {@code dir}.
     *
     * @param checkOnly nothing was written (a dry run): status PLANNED, and RELEASED reads RELEASE
     * @param succeeded every image is released
     * @return what was written to {@code report.json}
     */
    public static ReportFile write(Path dir, String registry, List<Entry> images, boolean checkOnly,
                                   boolean succeeded, Instant goalStart) throws IOException {
        Files.createDirectories(dir);
        List<ReportFile.Image> out = new ArrayList<>();
        StringBuilder rows = new StringBuilder();
        int released = 0;
        int unchanged = 0;
        int failed = 0;
        int blocked = 0;
        int held = 0;
        for (Entry e : images) {
            String decision = checkOnly && e.status().equals("RELEASED") ? "RELEASE" : e.status();
            switch (e.status()) {
                case "RELEASED" -> released++;
                case "UNCHANGED" -> unchanged++;
                case "BLOCKED" -> blocked++;
                case "HELD" -> held++;
                default -> failed++;
            }
            String reference = new ImageName(registry, e.name(), e.version()).reference(e.digest());
            out.add(new ReportFile.Image(e.name(), e.version(), reference, decision, null, e.reason(),
                    e.platforms(), null, e.digest().orElse(null), null, null, null, null, null, null,
                    checkOnly ? null : e.released(), List.of(), e.staging(), e.written()));
            rows.append("| ").append(String.join(" | ", e.name(), e.version(), decision, Tables.cell(e.reason()),
                    String.join(", ", e.platforms()), e.digest().orElse(""), String.join(", ", e.staging())))
                    .append(" |\n");
        }
        ReportFile.Status status = checkOnly ? ReportFile.Status.PLANNED
                : succeeded ? ReportFile.Status.SUCCEEDED : ReportFile.Status.FAILED;
        ReportFile file = new ReportFile(ReportFile.SCHEMA_VERSION, "release", registry, status,
                Instant.now().toString(), null, new ReportFile.Totals(images.size(), 0, unchanged,
                checkOnly ? 0 : released, failed, blocked, held, checkOnly ? released : 0), out, List.of(),
                goalStart.toString(), null);
        AtomicFiles.write(dir.resolve("report.json"), Json.pretty(file) + "\n");
        AtomicFiles.write(dir.resolve("summary.md"), "## cip release → `" + registry + "`\n\n**" + status.name()
                + "**: " + (checkOnly ? released + " to release, " + unchanged + " already released, "
                + (images.size() - released - unchanged) + " not released" : file.counts()) + "\n\n"
                + "| Image | Version | Result | Reason | Platforms | Digest | Staging tags |\n"
                + "|---|---|---|---|---|---|---|\n" + rows);
        return file;
    }
}
