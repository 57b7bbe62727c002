package dev.cip.app;

import dev.cip.engine.BuildPipeline;
import dev.cip.release.ImageRelease;
import dev.cip.release.ReleaseImage;
import dev.cip.release.ReleaseMode;
import dev.cip.release.ReleaseOutcome;
import dev.cip.release.Releaser;
import dev.cip.sign.Cosign;

import dev.cip.report.CiOutputs;
import dev.cip.report.ReleaseReport;
import dev.cip.report.ReportFile;
import dev.cip.report.RunReport;
import dev.cip.report.Trace;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One release of what is staged in a registry ({@code cip:release}): every image whose wanted platforms are all
 * staged gets its index assembled and its tags written, parents first, and, when the run signs, every image it
 * released is signed by digest.
 */
public final class ReleaseRun {
    /**
     * What the release did.
     *
     * @param outcome  each image's release
     * @param signed   how many released images were signed
     * @param unsigned released images whose signing failed, with why
     */
    public record Result(ReleaseOutcome outcome, int signed, List<Cosign.Failure> unsigned) {
        public Result {
            unsigned = List.copyOf(unsigned);
        }
    }

    private final RegistryStack registries;
    private final String registry;
    private final BuildPipeline.Signing signing;
    private final Path reportDir;
    private final Map<String, String> ciEnvironment;

    /**
     * @param reportDir     where {@code report.json}, {@code summary.md} and {@code cip.env} go (the files of an
     *                      earlier run are removed first)
     * @param ciEnvironment the environment naming the CI's files ({@code GITHUB_OUTPUT}, {@code GITHUB_STEP_SUMMARY})
     */
    public ReleaseRun(RegistryStack registries, String registry, BuildPipeline.Signing signing, Path reportDir,
                      Map<String, String> ciEnvironment) {
        this.registries = registries;
        this.registry = registry;
        this.signing = signing;
        this.reportDir = reportDir.toAbsolutePath();
        this.ciEnvironment = Map.copyOf(ciEnvironment);
    }

    /**
     * Releases {@code images} (parents first), or, in a dry run, says what would be released; then writes the
     * reports and hands them to CI, as a publish does.
     */
    public Result run(List<ReleaseImage> images, ReleaseMode mode, boolean tagLatest, boolean dryRun)
            throws IOException, InterruptedException {
        Instant start = Instant.now();
        Trace trace = new Trace(start);
        RunReport.clear(reportDir);
        ReleaseOutcome outcome;
        try (var s = trace.span("release")) {
            outcome = new Releaser(registries.client(), registry, Releaser.CONCURRENCY)
                    .release(images, mode, tagLatest, dryRun);
        }
        try (var s = trace.span("reports")) {
            ReportFile report = ReleaseReport.write(reportDir, registry, outcome.images().stream()
                    .map(r -> new ReleaseReport.Entry(r.name(), r.version(), r.status().name(), r.reason(),
                            r.digest(), r.platforms(), r.staging(), r.written(), r.released())).toList(), dryRun,
                    outcome.succeeded(), start);
            CiOutputs.write(reportDir, report, ciEnvironment);
        }
        Result result = new Result(outcome, 0, List.of());
        if (signing.sign().isPresent() && !dryRun) {
            List<String> references = outcome.with(ImageRelease.Status.RELEASED).stream()
                    .filter(r -> r.digest().isPresent())
                    .map(r -> registry + "/" + r.name() + "@" + r.digest().get()).toList();
            try (var s = trace.span("sign")) {
                List<Cosign.Failure> unsigned = signing.sign().get().sign(references);
                result = new Result(outcome, references.size() - unsigned.size(), unsigned);
            }
        }
        trace.sinceGoalStart(Trace.TOTAL);
        RunReport.addTrace(reportDir, trace.spans());
        return result;
    }
}
