package dev.cip.maven;

import dev.cip.app.BuildRun;
import dev.cip.failure.ChangedNotBumped;
import dev.cip.failure.UnpinnedBases;
import dev.cip.failure.UserFailure;
import dev.cip.plan.Decision;
import dev.cip.plan.Goal;
import dev.cip.plan.ImagePlan;
import dev.cip.plan.Plan;
import dev.cip.registry.RegistryException;
import dev.cip.release.ImageRelease;
import dev.cip.release.ReleaseMode;
import dev.cip.release.ReleaseOutcome;
import dev.cip.report.BuildResult;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The outcomes of the core in Maven's two kinds of failure: {@link MojoFailureException} for what the user fixes (a
 * failed build, credentials, names), {@link MojoExecutionException} for the environment; worded with goals and
 * properties.
 */
final class Failures {
    private Failures() {
    }

    /** What the user must act on, worded for Maven: the strict mode's refusals name {@code cip.strict} and the fix. */
    static MojoFailureException of(UserFailure failure) {
        String message;
        if (failure instanceof ChangedNotBumped changed) {
            message = MavenHelpfulSuggestions.describe(changed);
        } else if (failure instanceof UnpinnedBases unpinned) {
            message = MavenHelpfulSuggestions.INSTANCE.strictUnpinned(unpinned.images());
        } else {
            message = failure.getMessage();
        }
        return new MojoFailureException(message, failure);
    }

    /**
     * An exception no part of cip expected: a bug of cip, not the user's mistake nor the environment's; the stack
     * trace goes with it (Maven prints it with {@code -e}).
     */
    static MojoExecutionException internalError(String goal, RuntimeException e) {
        return new MojoExecutionException("cip " + goal + " stopped on an internal error of cip (a bug, not a "
                + "mistake in your project or settings): " + e + ". Run Maven again with -e for the stack trace and "
                + "report it with that trace.", e);
    }

    /** A registry error: the user's to fix (credentials, names) or the environment's. */
    static MojoExecutionException of(RegistryException e) throws MojoFailureException {
        if (e.kind() == RegistryException.Kind.AUTH || e.kind() == RegistryException.Kind.INVALID) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        return new MojoExecutionException(e.getMessage(), e);
    }

    /**
     * What went wrong in a build run that did not succeed: each failed image with its exit code, error and the end of
     * its log; what was blocked, not started, not released or not signed; and what to do.
     */
    static MojoFailureException buildFailed(Goal goal, BuildRun.Outcome outcome) {
        StringBuilder sb = new StringBuilder("cip " + goal.id() + " failed:\n");
        for (BuildResult f : outcome.failures()) {
            sb.append("  - ").append(f.name()).append(' ').append(f.version()).append(": docker buildx bake exited ")
                    .append(f.exitCode().map(String::valueOf).orElse("?"))
                    .append(f.attempts() > 1 ? " after " + f.attempts() + " attempts" : "")
                    .append("; full log: ").append(f.log()).append('\n');
            f.error().ifPresent(e -> sb.append("      error: ").append(e).append('\n'));
            List<String> tail = f.tail();
            tail.subList(Math.max(0, tail.size() - 10), tail.size())
                    .forEach(line -> sb.append("      | ").append(line).append('\n'));
        }
        List<String> blocked = outcome.plan().images().stream()
                .filter(i -> i.decision() instanceof Decision.Blocked)
                .map(i -> i.name() + " (" + i.decision().reason() + ")").collect(Collectors.toList());
        outcome.results().values().stream().filter(r -> r.blockedBy().isPresent())
                .forEach(r -> blocked.add(r.name() + " (parent " + r.blockedBy().get() + " failed)"));
        if (!blocked.isEmpty()) {
            sb.append("  blocked: ").append(String.join(", ", blocked)).append('\n');
        }
        List<String> notStarted = outcome.results().values().stream()
                .filter(r -> r.status() == BuildResult.Status.NOT_STARTED).map(BuildResult::name)
                .toList();
        if (!notStarted.isEmpty()) {
            sb.append("  not built (cip.stopOnFirstError stopped the run): ").append(String.join(", ", notStarted)).append('\n');
        }
        outcome.release().filter(r -> !r.succeeded()).ifPresent(r ->
                sb.append(notReleased(r).replace("cip release did not release every image:",
                        "  not released:")).append('\n'));
        if (!outcome.unsigned().isEmpty()) {
            sb.append("  not signed (cip.sign=cosign; released, but without a signature):\n");
            outcome.unsigned().forEach(u -> sb.append("      ").append(u.reference()).append(": ").append(u.reason())
                    .append('\n'));
        }
        sb.append("Fix the failures and run again: images already published are skipped, images staged by this "
                + "run are only released.");
        return new MojoFailureException(sb.toString());
    }

    /**
     * A plan that cannot be carried out: the images it blocks, each with why, said loudly (the plan itself succeeds,
     * so that it can be read; the goal planned for would fail).
     */
    static Optional<String> blockedInPlan(Goal goal, Plan plan) {
        List<ImagePlan> blocked = plan.images().stream()
                .filter(i -> i.decision() instanceof Decision.Blocked).toList();
        if (blocked.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder("cip plan: " + blocked.size() + " of " + plan.images().size()
                + " images BLOCKED, so mvn cip:" + goal.id() + " would fail:");
        blocked.forEach(i -> sb.append("\n  - ").append(i.name()).append(' ').append(i.version()).append(": ")
                .append(i.decision().reason()));
        return Optional.of(sb.toString());
    }

    /** The failure message: each image not released and why, with what to do. */
    static String notReleased(ReleaseOutcome outcome) {
        StringBuilder sb = new StringBuilder("cip release did not release every image:\n");
        for (ImageRelease r : outcome.notReleased()) {
            if (r.status() == ImageRelease.Status.HELD) {
                continue;
            }
            sb.append("  - ").append(r.name()).append(' ').append(r.version()).append(": ");
            if (r.status() == ImageRelease.Status.MISSING_PLATFORMS) {
                sb.append("missing platform").append(r.missing().size() > 1 ? "s " : " ")
                        .append(String.join(", ", r.missing())).append(" (").append(r.reason()).append(')');
            } else {
                sb.append(r.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(": ")
                        .append(r.reason());
            }
            sb.append('\n');
        }
        List<ImageRelease> missing = outcome.with(ImageRelease.Status.MISSING_PLATFORMS);
        if (!missing.isEmpty()) {
            TreeSet<String> platforms = new TreeSet<>();
            missing.forEach(r -> r.missing().stream().filter(p -> !p.equals("any platform")).forEach(platforms::add));
            sb.append("  Stage the missing platforms first: ");
            sb.append(platforms.isEmpty() ? "mvn cip:publish -Dcip.stage=<platforms>"
                    : String.join(", ", platforms.stream().map(p -> "mvn cip:publish -Dcip.stage=" + p
                    + " (on a " + p + " machine)").toList()));
            sb.append(", then run mvn cip:release again.\n");
        }
        List<ImageRelease> mixed = outcome.with(ImageRelease.Status.MIXED_CONTENT);
        if (!mixed.isEmpty()) {
            TreeSet<String> platforms = new TreeSet<>();
            mixed.forEach(r -> platforms.addAll(r.platforms()));
            sb.append("  Run again, on the commit to release, the shard of each platform staged from another tree ("
                    + String.join(" or ", platforms.stream().map(p -> "mvn cip:publish -Dcip.stage=" + p).toList())
                    + "; a shard stages again what was staged from other content), then mvn cip:release again.\n");
        }
        if (outcome.mode() == ReleaseMode.ATOMIC && !outcome.with(ImageRelease.Status.HELD).isEmpty()) {
            sb.append("  Nothing was tagged (cip.release=atomic): ").append(outcome.with(ImageRelease.Status.HELD)
                    .size()).append(" releasable image(s) held back; -Dcip.release=end releases them.\n");
        } else if (!outcome.dryRun()) {
            List<String> released = outcome.images().stream().filter(ImageRelease::released).map(ImageRelease::name)
                    .toList();
            sb.append(released.isEmpty() ? "  No image was released" : "  Released: " + String.join(", ", released))
                    .append("; staged images stay staged until released.\n");
        }
        return sb.toString().stripTrailing();
    }

}
