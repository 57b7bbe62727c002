package dev.cip.engine;

import dev.cip.failure.SignatureCheckFailed;
import dev.cip.graph.ImageGraph;
import dev.cip.oci.Platform;
import dev.cip.plan.Decision;
import dev.cip.plan.ImagePlan;
import dev.cip.plan.Plan;
import dev.cip.release.ImageRelease;
import dev.cip.release.ReleaseImage;
import dev.cip.release.ReleaseImages;
import dev.cip.release.ReleaseOutcome;
import dev.cip.release.StageReport;
import dev.cip.release.StagingTag;
import dev.cip.report.BuildResult;
import dev.cip.report.Console;
import dev.cip.sign.Cosign;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a pushing run does around its solve besides building: verifies the signatures of the published images it
 * skips, writes {@code stage.json} for a shard, and otherwise releases, then signs, what it staged.
 */
final class EndOfRun {
    private final RunConfig config;
    private final Optional<BuildPipeline.StagingArea> staging;
    private final Console console;

    EndOfRun(RunConfig config, Optional<BuildPipeline.StagingArea> staging, Console console) {
        this.config = config;
        this.staging = staging;
        this.console = console;
    }

    /** With {@code verify}: every skipped, published image must carry a valid signature, or nothing is built. */
    void verifySignatures(Plan plan) throws IOException, InterruptedException {
        Optional<Cosign> verifier = staging.flatMap(s -> s.signing().verify());
        if (verifier.isEmpty()) {
            return;
        }
        List<String> refs = plan.images().stream().filter(i -> i.decision() instanceof Decision.Skip)
                .filter(i -> i.publishedDigest().isPresent())
                .map(i -> plan.registry() + "/" + i.name() + "@" + i.publishedDigest().get()).toList();
        long start = System.nanoTime();
        List<Cosign.Failure> failures = verifier.get().verify(refs);
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder("signature check failed for " + failures.size() + " published "
                    + "image(s) this run would build on or skip; nothing was built:");
            failures.forEach(f -> sb.append("\n  - ").append(f.reference()).append(": ").append(f.reason()));
            throw new SignatureCheckFailed(failures.stream().map(Cosign.Failure::reference).toList(), sb.toString());
        }
        console.info("Signatures verified on " + refs.size() + " published image(s) in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /** With {@code sign}: signs the digest of every image the release tagged. */
    List<Cosign.Failure> sign(ReleaseOutcome outcome) throws IOException, InterruptedException {
        Optional<Cosign> signer = staging.flatMap(s -> s.signing().sign());
        if (signer.isEmpty()) {
            return List.of();
        }
        List<String> refs = outcome.images().stream().filter(i -> i.status() == ImageRelease.Status.RELEASED)
                .filter(i -> i.digest().isPresent())
                .map(i -> config.registry() + "/" + i.name() + "@" + i.digest().get()).toList();
        List<Cosign.Failure> failures = signer.get().sign(refs);
        failures.forEach(f -> console.error("not signed: " + f.reference() + ": " + f.reason()));
        console.info("Signed " + (refs.size() - failures.size()) + " of " + refs.size() + " released image(s)");
        return failures;
    }

    /** {@code stage.json}: what this shard staged, read back from the registry. */
    void writeStageReport(Plan plan, BakeDefinition bake, Map<String, BuildResult> results)
            throws IOException {
        List<StageReport.Staged> staged = new ArrayList<>();
        for (ImagePlan image : plan.toBuild()) {
            BuildResult r = results.get(image.name());
            if (r != null && r.status() == BuildResult.Status.DONE) {
                BakeFile.Target target = bake.file().target().get(bake.targetOfImage().get(image.name()));
                String tag = target.tags().get(0).substring(target.tags().get(0).lastIndexOf(':') + 1);
                staged.add(new StageReport.Staged(image.name(), image.version(), StagingTag.parse(tag)
                        .orElseThrow(), image.fingerprint()));
            }
        }
        List<StageReport.Entry> entries = StageReport.collect(staging.orElseThrow().reader(), staged);
        Path file = StageReport.write(config.reportDir(), config.registry(), config.release().stage().stream()
                .map(Platform::toString).sorted().toList(), entries);
        console.info("Staged " + staged.size() + " image(s) for " + Platform.join(config.release().stage(), ", ")
                + " (" + file + "); release them once every platform is staged");
    }

    /**
     * The release at the end of a pushing run: every image this run built or found staged, parents first; what
     * failed or was blocked is listed, never released.
     */
    ReleaseOutcome release(Plan plan, ImageGraph graph, Map<String, BuildResult> results,
                                   Function<String, List<Platform>> platformsFor) throws InterruptedException {
        List<String> names = new ArrayList<>();
        Map<String, ReleaseImage.NotBuilt> notBuilt = new HashMap<>();
        for (ImagePlan image : plan.images()) {
            Decision d = image.decision();
            if (d instanceof Decision.Skip) {
                continue;
            }
            names.add(image.name());
            if (d instanceof Decision.Blocked b) {
                notBuilt.put(image.name(), new ReleaseImage.NotBuilt(ImageRelease.Status.BLOCKED, b.reason()));
            } else if (d instanceof Decision.Build) {
                BuildResult r = results.get(image.name());
                if (r == null || r.status() != BuildResult.Status.DONE) {
                    notBuilt.put(image.name(), r != null && r.status() == BuildResult.Status.FAILED
                            ? new ReleaseImage.NotBuilt(ImageRelease.Status.FAILED, "its build failed")
                            : new ReleaseImage.NotBuilt(ImageRelease.Status.BLOCKED, r != null
                            && r.blockedBy().isPresent() ? "parent " + r.blockedBy().get() + " failed"
                            : "not built in this run"));
                }
            }
        }
        List<ReleaseImage> images = ReleaseImages.of(graph, names, platformsFor, notBuilt,
                config.image().extraTags());
        long start = System.nanoTime();
        ReleaseOutcome outcome = staging.orElseThrow().releaser().release(images, config.release().mode(),
                config.tagLatest(), false);
        for (ImageRelease r : outcome.images()) {
            String line = "release " + r.name() + " " + r.version() + ": " + r.status().name()
                    .toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " (" + r.reason() + ")";
            if (r.released() || r.status() == ImageRelease.Status.HELD) {
                console.info(line);
            } else {
                console.warn(line);
            }
        }
        console.info("Released " + outcome.with(ImageRelease.Status.RELEASED).size() + " image(s) in "
                + (System.nanoTime() - start) / 1_000_000 + " ms (release mode " + config.release().mode().id() + ")"
                + (outcome.leftStaging().isEmpty() ? "" : "; " + outcome.leftStaging().size()
                + " staging tag(s) left (the registry does not delete tags)"));
        return outcome;
    }
}
