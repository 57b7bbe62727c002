package dev.cip.app;

import dev.cip.context.Project;
import dev.cip.context.ProjectScanner;
import dev.cip.engine.RunConfig;
import dev.cip.failure.InvalidSetting;
import dev.cip.graph.ImageGraph;
import dev.cip.oci.Platform;
import dev.cip.plan.Advice;
import dev.cip.plan.ExternalBases;
import dev.cip.plan.GraphFingerprints;
import dev.cip.plan.ImageStore;
import dev.cip.plan.Observations;
import dev.cip.plan.Plan;
import dev.cip.plan.Planner;
import dev.cip.plan.Survey;
import dev.cip.report.Console;
import dev.cip.report.PlanTable;
import dev.cip.report.Trace;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The steps {@code scan} and {@code plan} of a build run: read the project, select the images, observe the store and
 * decide, image by image, what to do; the plan is told to the console.
 */
final class PlanStep {
    /** How many store lookups run at a time. */
    static final int SURVEY_CONCURRENCY = 8;

    private PlanStep() {
    }

    /**
     * What the plan decided, and what it was decided from.
     *
     * @param platformsFor the platforms each image is built for (none: the local platform)
     * @param seen         what the plan observed in the store (the pins are resolved from it)
     */
    record Planned(ImageGraph graph, Function<String, List<Platform>> platformsFor, Observations seen, Plan plan) {
    }

    static Planned plan(RunConfig config, ImageStore store, Advice advice, ExternalBases.Check baseCheck,
                        Console console, Trace trace) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Trace.Running scanning = trace.span("scan");
        Project project = new ProjectScanner().scan(config.project().directory());
        project.warnings().forEach(w -> console.warn(w.toString()));
        RunConfig.Selection selection = config.selection();
        ImageGraph graph = ImageGraph.of(project, config.project().registry(), config.build().buildArgs());
        List<String> selected = graph.select(selection.images(), selection.withAncestors(),
                selection.withDescendants());
        List<Platform> defaultPlatforms = Platform.parseAll(selection.defaultPlatforms());
        Function<String, List<Platform>> platformsFor = name -> selection.onlyLocalPlatform() ? List.of()
                : graph.node(name).platforms(defaultPlatforms);

        Set<Platform> stage = config.goal().pushes() ? config.release().stage() : Set.of();
        List<Platform> unwanted = stage.stream().filter(p -> selected.stream().noneMatch(n ->
                platformsFor.apply(n).isEmpty() || platformsFor.apply(n).contains(p))).toList();
        if (!unwanted.isEmpty()) {
            throw new InvalidSetting("the stage platform " + Platform.join(unwanted, ", ") + " is wanted by"
                    + " none of the selected images (" + String.join(", ", selected.stream().map(n -> n + ": "
                    + Platform.join(platformsFor.apply(n), ", ")).toList()) + "); stage a platform they are"
                    + " built for. Nothing was built.");
        }
        scanning.close();
        Plan plan;
        Observations seen;
        try (var s = trace.span("plan")) {
            seen = new Survey(store, SURVEY_CONCURRENCY).observe(graph, selected,
                    () -> GraphFingerprints.of(graph, config.build().buildArgs()));
            plan = ExternalBases.addTo(Planner.decide(config.goal(), graph, selected, platformsFor, seen, stage,
                    advice), graph, baseCheck, advice);
        }
        console.info("Planned " + plan.images().size() + " images against " + store.describe() + " in "
                + (System.nanoTime() - start) / 1_000_000 + " ms:");
        PlanTable.render(plan).forEach(console::info);
        plan.warnings().forEach(console::warn);
        return new Planned(graph, platformsFor, seen, plan);
    }
}
