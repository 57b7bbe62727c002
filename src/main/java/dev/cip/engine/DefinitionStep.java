package dev.cip.engine;

import dev.cip.graph.ImageGraph;
import dev.cip.plan.Plan;
import dev.cip.plan.RunParents;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The step that defines the solve: the OCI labels git can tell ({@link #labels}), then {@link BakeDefinition#of} (a pure function of
 * the plan, the parents' pins and the settings), written to {@code bake.json}. It writes nothing to any registry: the
 * pins were resolved before ({@link dev.cip.release.StagePins}).
 */
public final class DefinitionStep {
    private DefinitionStep() {
    }

    /** The definition with the settings it was made with, and the file it was written to. */
    public record Defined(BakeDefinition definition, BakeDefinition.Settings settings, Path file) {
    }

    /**
     * The OCI labels git can tell of the images {@code plan} builds (a {@code git} process per image to build):
     * timed apart from the definition, which is pure.
     */
    public static OciLabels.Found labels(RunConfig config, Plan plan, ImageGraph graph) throws InterruptedException {
        return OciLabels.of(config.image(), config.output().goalStart(), config.project().directory(), plan, graph);
    }

    public static Defined define(RunConfig config, Plan plan, ImageGraph graph, RunParents parents,
                                 Map<RunParents.Pin, String> pinned, BuilderProbes.Facts docker,
                                 OciLabels.Found labels, Path bakeFile) throws IOException {
        BakeDefinition.Settings settings = new BakeDefinition.Settings(config.goal().pushes(), config.build(),
                config.image(), docker.attestations(), labels.run(), labels.perImage(), docker.localPlatform());
        BakeDefinition definition = BakeDefinition.of(plan, graph, parents, pinned, settings);
        definition.file().write(bakeFile);
        return new Defined(definition, settings, bakeFile);
    }
}
