package dev.cip.report;

import dev.cip.oci.ImageName;

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

    /** The goal a release report names. */
    public static final String GOAL = "release";

    /**
     * The release's {@code report.json}, in memory ({@link RunReport#write} writes it).
     *
     * @param checkOnly nothing was written (a dry run): status PLANNED, and RELEASED reads RELEASE
     * @param succeeded every image is released
     */
    public static ReportFile of(String registry, List<Entry> images, boolean checkOnly, boolean succeeded,
                                Instant goalStart) {
        List<ReportFile.Image> out = new ArrayList<>();
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
            out.add(ReportFile.Image.builder(e.name(), e.version())
                    .reference(new ImageName(registry, e.name(), e.version()).reference(e.digest()))
                    .decision(decision).reason(e.reason()).platforms(e.platforms()).digest(e.digest().orElse(null))
                    .released(checkOnly ? null : e.released()).release(e.staging(), e.written()).build());
        }
        ReportFile.Status status = checkOnly ? ReportFile.Status.PLANNED
                : succeeded ? ReportFile.Status.SUCCEEDED : ReportFile.Status.FAILED;
        return new ReportFile(ReportFile.SCHEMA_VERSION, GOAL, registry, status, Instant.now().toString(), null,
                new ReportFile.Totals(images.size(), 0, unchanged, checkOnly ? 0 : released, failed, blocked, held,
                        checkOnly ? released : 0), out, List.of(), goalStart.toString(), null);
    }

    /** {@code summary.md} of a release: one row per image, with the staging tags it was assembled from. */
    static String summary(ReportFile report) {
        StringBuilder rows = new StringBuilder();
        for (ReportFile.Image i : report.images()) {
            rows.append("| ").append(String.join(" | ", i.name(), i.version(), i.decision(), Tables.cell(i.reason()),
                    String.join(", ", i.platforms() == null ? List.of() : i.platforms()),
                    i.digest() == null ? "" : i.digest(),
                    String.join(", ", i.staging() == null ? List.of() : i.staging()))).append(" |\n");
        }
        boolean checkOnly = report.status() == ReportFile.Status.PLANNED;
        long toRelease = report.images().stream().filter(i -> i.decision().equals("RELEASE")).count();
        long unchanged = report.images().stream().filter(i -> i.decision().equals("UNCHANGED")).count();
        return "## cip release → `" + report.registry() + "`\n\n**" + report.status().name() + "**: "
                + (checkOnly ? toRelease + " to release, " + unchanged + " already released, "
                + (report.images().size() - toRelease - unchanged) + " not released" : report.counts()) + "\n\n"
                + "| Image | Version | Result | Reason | Platforms | Digest | Staging tags |\n"
                + "|---|---|---|---|---|---|---|\n" + rows;
    }
}
