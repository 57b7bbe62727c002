package dev.cip.report;

import dev.cip.graph.InternalEdge;
import dev.cip.plan.ImagePlan;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One image through a build run, above the engine: what the plan decided, the edges to the parents built in the same
 * run, the staging tag it is pushed under, how its build went and whether the run released it. The run's steps each
 * add what they learnt ({@link #built}, {@link #releasedAs}, …); the report is made from these records alone.
 *
 * @param plan         what the plan decided
 * @param inRunEdges   its edges to parents built in the same run (at the version they are built at)
 * @param stagingTag   the tag a pushing run pushes it under while it is built
 * @param build        how its build went, when the engine built it
 * @param release      what the release at the end of the run did with it
 */
public record ImageRun(ImagePlan plan, List<InternalEdge> inRunEdges, Optional<String> stagingTag,
                       Optional<BuildResult> build, Release release) {
    public ImageRun {
        Objects.requireNonNull(plan, "plan");
        inRunEdges = List.copyOf(inRunEdges);
        Objects.requireNonNull(stagingTag, "stagingTag");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(release, "release");
    }

    /** An image as planned: nothing built or released yet. */
    public static ImageRun planned(ImagePlan plan) {
        return new ImageRun(plan, List.of(), Optional.empty(), Optional.empty(), Release.NOT_ASKED);
    }

    /** What the release at the end of a run did with an image. */
    public sealed interface Release {
        /** The run releases nothing, or did not ask about this image. */
        Release NOT_ASKED = new NotAsked();

        /** Not a release's business. */
        record NotAsked() implements Release {
        }

        /** Its release tags were written now, pointing at {@code digest} (empty: unknown). */
        record Released(Optional<String> digest) implements Release {
        }

        /** It was to be released and was not. */
        record NotReleased() implements Release {
        }
    }

    public String name() {
        return plan.name();
    }

    /** The distinct names of the parents built in the same run. */
    public Set<String> inRunParents() {
        Set<String> parents = new LinkedHashSet<>();
        inRunEdges.forEach(e -> parents.add(e.parent()));
        return parents;
    }

    /** This image, with the edges to its parents built in the same run and the tag it is staged under. */
    public ImageRun defined(List<InternalEdge> edges, Optional<String> tag) {
        return new ImageRun(plan, edges, tag, build, release);
    }

    /** This image, built (or failed, blocked, not started) as {@code result} says. */
    public ImageRun built(BuildResult result) {
        return new ImageRun(plan, inRunEdges, stagingTag, Optional.of(result), release);
    }

    /** This image, with what the release did with it. */
    public ImageRun releasedAs(Release what) {
        return new ImageRun(plan, inRunEdges, stagingTag, build, what);
    }

    /** Whether the engine built it to the end. */
    public boolean done() {
        return build.map(r -> r.status() == BuildResult.Status.DONE).orElse(false);
    }

    /** The final state of the image: DONE, FAILED, BLOCKED, NOT_STARTED, or the plan's decision. */
    public String outcome() {
        return build.map(r -> r.status().name()).orElse(plan.decision().label());
    }
}
