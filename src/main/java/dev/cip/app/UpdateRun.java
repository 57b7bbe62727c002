package dev.cip.app;

import dev.cip.cascade.Cascade;
import dev.cip.cascade.CascadeOptions;
import dev.cip.cascade.CascadePlan;
import dev.cip.cascade.Seeds;
import dev.cip.context.InvalidProjectException;
import dev.cip.context.Problem;
import dev.cip.context.Project;
import dev.cip.context.Setting;
import dev.cip.files.AtomicFiles;
import dev.cip.graph.ImageGraph;
import dev.cip.oci.ImageRef;
import dev.cip.plan.GraphFingerprints;
import dev.cip.plan.ImageStore;
import dev.cip.plan.Observations;
import dev.cip.plan.Survey;
import dev.cip.registry.UpstreamResolver;
import dev.cip.report.Console;
import dev.cip.update.ExternalPin;
import dev.cip.update.PinRewrite;
import dev.cip.update.Pins;
import dev.cip.update.StaleImages;
import dev.cip.update.UpdateSummary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * {@code cip:update}: every version made right in one run. Resolve upstream, rewrite the pins that moved, find the
 * published images that are stale (moved pins, changed content), raise them, cascade, write (or, in a dry run, print
 * and leave the diff). Builds and pushes nothing; writes {@code update.md} for a merge request.
 */
public final class UpdateRun {
    /** Upstream lookups at once. */
    public static final int UPSTREAM_CONCURRENCY = 8;

    /**
     * @param cascade     how the cascade raises (level, registry the references resolve against, build args)
     * @param pinUnpinned pin the references that have no digest
     * @param summaryFile where {@code update.md} goes
     */
    public record Options(CascadeOptions cascade, boolean pinUnpinned, Path summaryFile) {
    }

    /** An upstream registry could not tell where a tag points; nothing was changed. */
    public static final class UpstreamFailure extends RuntimeException {
        private final List<Problem> problems;

        public UpstreamFailure(List<Problem> problems) {
            super("cannot resolve upstream references; nothing was changed:\n" + String.join("\n",
                    problems.stream().map(p -> "  - " + p).toList()));
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    private final Path projectDir;
    private final Options options;
    private final ImageStore published;
    private final Optional<UpstreamResolver> upstream;
    private final Console console;
    private final Function<Setting, String> settingNames;

    /**
     * @param published where the images' versions are published (their content is compared with that)
     * @param upstream  the resolver of external references; empty when upstream may not be contacted (offline):
     *                  pins are then left as they are
     */
    public UpdateRun(Path projectDir, Options options, ImageStore published, Optional<UpstreamResolver> upstream,
                     Console console, Function<Setting, String> settingNames) {
        this.projectDir = projectDir;
        this.options = options;
        this.published = published;
        this.upstream = upstream;
        this.console = console;
        this.settingNames = settingNames;
    }

    /** Prints what would change, leaves the diff in {@code diffFile} and update.md; changes nothing in the project. */
    public CascadePlan dryRun(Path diffFile) throws IOException {
        AtomicReference<String> summary = new AtomicReference<>();
        CascadePlan plan = runner(summary).dryRun(diffFile);
        writeSummary(summary.get());
        return plan;
    }

    /** Replaces every file at once (or none) under the project lock, then writes update.md. */
    public CascadePlan write() throws IOException {
        AtomicReference<String> summary = new AtomicReference<>();
        CascadePlan plan = runner(summary).write();
        writeSummary(summary.get());
        return plan;
    }

    private CascadeRun runner(AtomicReference<String> summary) {
        AtomicReference<StaleImages> stale = new AtomicReference<>();
        return new CascadeRun(projectDir, console, settingNames, new CascadeRun.Wording("cip:update",
                "cip: nothing to update; every pin is current and every published version matches its content",
                plan -> UpdateSummary.lines(plan, stale.get())),
                project -> plan(project, stale, summary));
    }

    /** The steps, on the project as scanned. */
    private CascadePlan plan(Project project, AtomicReference<StaleImages> staleOut, AtomicReference<String> summary) {
        CascadeOptions cascade = options.cascade();
        ImageGraph graph = ImageGraph.of(project, cascade.registry(), cascade.buildArgs());
        List<ExternalPin> pins = Pins.of(graph);
        Map<ImageRef, String> current = resolveUpstream(pins);
        PinRewrite.Rewrite rewrite = PinRewrite.plan(graph, pins, current, options.pinUnpinned());
        if (!rewrite.problems().isEmpty()) {
            throw new InvalidProjectException(rewrite.problems());
        }
        StaleImages stale = StaleImages.of(graph, rewrite, observePublished(graph, cascade));
        CascadePlan plan = new Cascade().plan(project, cascade, new Seeds(stale.raise().keySet(), rewrite.edits()));
        staleOut.set(stale);
        summary.set(UpdateSummary.markdown(plan, stale, rewrite));
        return plan;
    }

    /** The digest each distinct upstream reference has now; every failure is reported with the places it is used. */
    private Map<ImageRef, String> resolveUpstream(List<ExternalPin> pins) {
        if (upstream.isEmpty()) {
            if (!pins.isEmpty()) {
                console.info("cip: offline, so upstream registries are not asked; the " + pins.size()
                        + " external references keep their pins");
            }
            return Map.of();
        }
        long start = System.nanoTime();
        Map<ImageRef, UpstreamResolver.Resolution> answers = upstream.get().resolve(Pins.upstreams(pins));
        Map<ImageRef, String> current = new LinkedHashMap<>();
        List<Problem> failures = new ArrayList<>();
        for (ExternalPin pin : pins) {
            UpstreamResolver.Resolution answer = answers.get(pin.upstream());
            if (answer instanceof UpstreamResolver.Resolved resolved) {
                current.put(pin.upstream(), resolved.digest());
            } else if (answer instanceof UpstreamResolver.Failed failed) {
                failures.add(Problem.at(pin.dockerfile(), pin.reference().line(), failed.reason()));
            }
        }
        if (!failures.isEmpty()) {
            throw new UpstreamFailure(failures);
        }
        console.debug("cip: resolved " + answers.size() + " upstream references in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        return current;
    }

    /** Every image looked up at its version, with the fingerprints of the tree as it is. */
    private Observations observePublished(ImageGraph graph, CascadeOptions cascade) {
        try {
            return new Survey(published, UPSTREAM_CONCURRENCY).observe(graph, graph.topologicalOrder(),
                    () -> GraphFingerprints.of(graph, cascade.buildArgs()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + published.describe(), e);
        }
    }

    private void writeSummary(String markdown) throws IOException {
        if (markdown == null) {
            return;
        }
        try {
            AtomicFiles.write(options.summaryFile(), markdown);
        } catch (IOException e) {
            throw new IOException("cannot write " + options.summaryFile() + " (" + e.getMessage() + ")", e);
        }
        console.info("cip: summary in " + options.summaryFile());
    }
}
