package dev.cip.app;

import dev.cip.release.ImageRelease;
import dev.cip.release.ReleaseImage;
import dev.cip.release.ReleaseMode;
import dev.cip.release.ReleaseOutcome;
import dev.cip.release.Releaser;
import dev.cip.report.Console;
import dev.cip.report.Trace;
import dev.cip.sign.Cosign;
import dev.cip.sign.Signing;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The step that ends a pushing run and is the whole of {@code cip:release}: release what is staged (every image's
 * index assembled from its staging tags, its tags written parents first), then sign every digest released, each
 * timed in the run's trace as {@code release} and {@code sign}, and told to the console.
 */
public final class ReleaseAndSign {
    /**
     * What the step did.
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

    /** Which run the lines are told in: the end of a build run, or goal {@code cip:release}. */
    public enum Telling {
        /** {@code release app 2.0.0: released (…)}, then the count and the time. */
        END_OF_RUN,
        /** {@code app 2.0.0: released …}, the staging tags left, then the counts. */
        RELEASE_GOAL
    }

    private final Releaser releaser;
    private final String registry;
    private final Signing signing;
    private final Console console;
    private final Telling telling;
    private final Trace trace;

    public ReleaseAndSign(Releaser releaser, String registry, Signing signing, Console console, Telling telling,
                          Trace trace) {
        this.releaser = releaser;
        this.registry = registry;
        this.signing = signing;
        this.console = console;
        this.telling = telling;
        this.trace = trace;
    }

    /** Releases {@code images} (a dry run only checks them), then signs what was released. */
    public Result run(List<ReleaseImage> images, ReleaseMode mode, boolean tagLatest, boolean dryRun)
            throws IOException, InterruptedException {
        ReleaseOutcome outcome;
        try (var s = trace.span("release")) {
            long start = System.nanoTime();
            outcome = releaser.release(images, mode, tagLatest, dryRun);
            tell(outcome, Optional.of((System.nanoTime() - start) / 1_000_000));
        }
        Optional<Cosign> signer = signing.sign().filter(s -> !dryRun);
        if (signer.isEmpty()) {
            return new Result(outcome, 0, List.of());
        }
        List<String> references = outcome.with(ImageRelease.Status.RELEASED).stream()
                .filter(r -> r.digest().isPresent())
                .map(r -> registry + "/" + r.name() + "@" + r.digest().get()).toList();
        List<Cosign.Failure> unsigned;
        try (var s = trace.span("sign")) {
            unsigned = signer.get().sign(references);
        }
        int signed = references.size() - unsigned.size();
        if (telling == Telling.END_OF_RUN) {
            unsigned.forEach(f -> console.error("not signed: " + f.reference() + ": " + f.reason()));
            console.info("Signed " + signed + " of " + references.size() + " released image(s)");
        } else if (!references.isEmpty()) {
            console.info("cip release: signed " + signed + " of " + references.size()
                    + " released image(s) with cosign");
        }
        return new Result(outcome, signed, unsigned);
    }

    private void tell(ReleaseOutcome outcome, Optional<Long> millis) {
        boolean dryRun = outcome.dryRun();
        for (ImageRelease r : outcome.images()) {
            String line = telling == Telling.END_OF_RUN
                    ? "release " + r.name() + " " + r.version() + ": " + r.status().name().toLowerCase(Locale.ROOT)
                    .replace('_', ' ') + " (" + r.reason() + ")"
                    : r.name() + " " + r.version() + ": " + label(r.status(), dryRun) + " " + r.reason();
            if (r.released() || r.status() == ImageRelease.Status.HELD) {
                console.info(line);
            } else {
                console.warn(line);
            }
        }
        if (telling == Telling.END_OF_RUN) {
            console.info("Released " + outcome.with(ImageRelease.Status.RELEASED).size() + " image(s) in "
                    + millis.orElse(0L) + " ms (release mode " + outcome.mode().id() + ")"
                    + (outcome.leftStaging().isEmpty() ? "" : "; " + outcome.leftStaging().size()
                    + " staging tag(s) left (the registry does not delete tags)"));
            return;
        }
        if (!outcome.deletedStaging().isEmpty()) {
            console.info("cip release: removed " + outcome.deletedStaging().size() + " staging tag(s)");
        }
        if (!outcome.leftStaging().isEmpty()) {
            console.info("cip release: " + outcome.leftStaging().size() + " staging tag(s) left in " + registry
                    + (dryRun ? "" : " (it does not delete tags; they are never taken for a release, "
                    + "delete them with the registry's own tools if wanted)") + ": "
                    + String.join(", ", outcome.leftStaging()));
        }
        console.info("cip release: " + outcome.with(ImageRelease.Status.RELEASED).size()
                + (dryRun ? " to release, " : " released, ") + outcome.with(ImageRelease.Status.UNCHANGED).size()
                + " already released, " + outcome.notReleased().size() + " not released");
    }

    private static String label(ImageRelease.Status status, boolean dryRun) {
        return switch (status) {
            case RELEASED -> dryRun ? "would release" : "released";
            case UNCHANGED -> "unchanged,";
            case HELD -> "held back,";
            case MISSING_PLATFORMS -> "not released,";
            case FAILED -> "failed,";
            case BLOCKED -> "blocked,";
            case CONFLICT, MIXED_CONTENT -> "not released,";
        };
    }
}
