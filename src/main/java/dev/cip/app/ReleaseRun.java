package dev.cip.app;

import dev.cip.graph.ImageGraph;
import dev.cip.oci.Platform;
import dev.cip.release.ReleaseImage;
import dev.cip.release.ReleaseImages;
import dev.cip.release.ReleaseMode;
import dev.cip.release.Releaser;
import dev.cip.report.CiOutputs;
import dev.cip.report.Console;
import dev.cip.report.ReleaseReport;
import dev.cip.report.ReportFile;
import dev.cip.report.RunReport;
import dev.cip.report.Trace;
import dev.cip.sign.Signing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One release of what is staged in a registry ({@code cip:release}): every image whose wanted platforms are all
 * staged gets its index assembled and its tags written, parents first, and, when the run signs, every image it
 * released is signed by digest ({@link ReleaseAndSign}, the step a pushing build run ends with); then the reports.
 */
public final class ReleaseRun {
    private final RegistryStack registries;
    private final String registry;
    private final Signing signing;
    private final Console console;
    private final Path reportDir;
    private final Map<String, String> ciEnvironment;

    /**
     * @param reportDir     where {@code report.json}, {@code summary.md} and {@code cip.env} go (the files of an
     *                      earlier run are removed first)
     * @param ciEnvironment the environment naming the CI's files ({@code GITHUB_OUTPUT}, {@code GITHUB_STEP_SUMMARY})
     */
    public ReleaseRun(RegistryStack registries, String registry, Signing signing, Console console, Path reportDir,
                      Map<String, String> ciEnvironment) {
        this.registries = registries;
        this.registry = registry;
        this.signing = signing;
        this.console = console;
        this.reportDir = reportDir.toAbsolutePath();
        this.ciEnvironment = Map.copyOf(ciEnvironment);
    }

    /**
     * The images a release acts on: those selected in {@code graph}, each with the platforms it must hold (its
     * info.edn {@code :platforms}, else {@code defaultPlatforms}; none at all for a local-platform goal's release:
     * whatever is staged) and its extra tags.
     *
     * @throws dev.cip.failure.InvalidSetting naming an image the project does not have
     */
    public static List<ReleaseImage> select(ImageGraph graph, List<String> names, boolean withAncestors,
                                            boolean withDescendants, boolean everyPlatform,
                                            List<Platform> defaultPlatforms, List<String> runTags) {
        return ReleaseImages.of(graph, graph.select(names, withAncestors, withDescendants),
                name -> everyPlatform ? graph.node(name).platforms(defaultPlatforms) : List.of(), Map.of(), runTags);
    }

    /**
     * Releases {@code images} (parents first), or, in a dry run, says what would be released; signs what was
     * released; then writes the reports and hands them to CI, as a publish does.
     */
    public ReleaseAndSign.Result run(List<ReleaseImage> images, ReleaseMode mode, boolean tagLatest, boolean dryRun)
            throws IOException, InterruptedException {
        Instant start = Instant.now();
        Trace trace = new Trace(start);
        RunReport.clear(reportDir);
        ReleaseAndSign.Result result = new ReleaseAndSign(new Releaser(registries.client(), registry,
                Releaser.CONCURRENCY), registry, signing, console, ReleaseAndSign.Telling.RELEASE_GOAL, trace)
                .run(images, mode, tagLatest, dryRun);
        ReportFile report;
        try (var s = trace.span("reports")) {
            report = ReleaseReport.of(registry, result.outcome().images().stream()
                    .map(r -> new ReleaseReport.Entry(r.name(), r.version(), r.status().name(), r.reason(),
                            r.digest(), r.platforms(), r.staging(), r.written(), r.released())).toList(), dryRun,
                    result.outcome().succeeded(), start);
            RunReport.writeSummary(reportDir, report);
            CiOutputs.write(reportDir, report, ciEnvironment);
        }
        trace.sinceGoalStart(Trace.TOTAL);
        RunReport.writeReport(reportDir, report.withTrace(trace.spans()));
        return result;
    }
}
