package dev.cip.engine;

import dev.cip.oci.Platform;
import dev.cip.plan.ImagePlan;
import dev.cip.plan.Plan;
import dev.cip.process.ProcessRunner;
import dev.cip.report.Console;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The step that solves a bake definition: one {@link BakeEngine} run over every image the plan builds. */
public final class SolveStep {
    private SolveStep() {
    }

    /** How often a line names the images still building. */
    static final Duration TICK = Duration.ofSeconds(30);

    /**
     * @param inRunParents each image's parents built in the same solve
     */
    public static BakeEngine.Outcome solve(RunConfig config, Plan plan, DefinitionStep.Defined defined,
                                           Map<String, Set<String>> inRunParents, Console console)
            throws IOException, InterruptedException {
        List<BakeEngine.Image> images = new ArrayList<>();
        for (ImagePlan image : plan.toBuild()) {
            images.add(new BakeEngine.Image(image.name(), image.version(), image.platforms().isEmpty()
                    ? "local platform" : Platform.join(image.platforms(), ", "),
                    inRunParents.getOrDefault(image.name(), Set.of())));
        }
        // An image's bake builds its in-run ancestors without an output (their own bakes push or load them): without
        // this, the docker driver would load each of them into the local store once more.
        RunConfig.EngineOptions engine = config.engine();
        Map<String, String> environment = new HashMap<>(engine.environment());
        environment.put("BUILDX_NO_DEFAULT_LOAD", "1");
        try (ProcessRunner runner = new ProcessRunner(environment)) {
            BakeEngine bake = new BakeEngine(new BakeEngine.Settings(engine.docker(), engine.builder(),
                    engine.extraArgs(), engine.stopOnFirstError(), engine.retries(), engine.retryBackoff(),
                    config.output().reportDir(), engine.verbose(), TICK), runner, console);
            return bake.build(defined.definition(), defined.file(), images);
        }
    }
}
