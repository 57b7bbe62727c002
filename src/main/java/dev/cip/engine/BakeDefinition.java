package dev.cip.engine;

import dev.cip.graph.ImageGraph;
import dev.cip.graph.ImageNode;
import dev.cip.graph.InternalEdge;
import dev.cip.plan.Fingerprinter;
import dev.cip.plan.ImagePlan;
import dev.cip.plan.Plan;
import dev.cip.plan.RunParents;
import dev.cip.oci.Platform;
import dev.cip.release.StagingTag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bake definition of a plan's {@code BUILD} set: one target per image, every internal reference given as a named
 * context ({@code target:<parent>} for a parent built in the same solve, {@code docker-image://…@<digest>} pinned to
 * the digest the plan saw for a published one).
 *
 * @param file          the definition
 * @param targetOfImage the bake target of each image, in the plan's (topological) order
 */
public record BakeDefinition(BakeFile file, Map<String, String> targetOfImage) {
    public BakeDefinition {
        targetOfImage = Collections.unmodifiableMap(new LinkedHashMap<>(targetOfImage));
    }

    /**
     * How targets are made.
     *
     * @param push       push to the registry under a staging tag (released as {@code <version>} and {@code latest}
     *                   at the end), else load into the local Docker store as {@code <version>} and {@code latest}
     * @param build      what every build gets: build arguments (an image's info.edn {@code :build-args} win over
     *                   them), pull (never applied to images with internal parents when loading), {@code latest},
     *                   secrets
     * @param image      extra tags every loaded image also gets (besides its info.edn {@code :tags}; pushed images get
     *                   them when released) and the build cache
     * @param attest     the {@code attest} entries of every target (provenance, SBOM); empty leaves the builder's
     *                   default
     * @param labels     labels added to every target (besides each image's own and the fingerprint)
     * @param imageLabels labels of one image each (e.g. its git revision), by image name
     * @param localPlatform the platform of images built without {@code --platform}, naming their staging tag
     */
    public record Settings(boolean push, RunConfig.BuildOptions build, RunConfig.ImageOptions image,
                           List<String> attest, Map<String, String> labels,
                           Map<String, Map<String, String>> imageLabels, Optional<Platform> localPlatform) {
        public Settings {
            java.util.Objects.requireNonNull(build, "build");
            java.util.Objects.requireNonNull(image, "image");
            attest = List.copyOf(attest);
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
            imageLabels = Map.copyOf(imageLabels);
        }
    }

    /** The OCI annotation keys cip sets as labels on every image it builds. */
    public static final String VERSION_LABEL = dev.cip.oci.Labels.VERSION;
    public static final String TITLE_LABEL = "org.opencontainers.image.title";
    public static final String CREATED_LABEL = "org.opencontainers.image.created";
    public static final String REVISION_LABEL = "org.opencontainers.image.revision";
    public static final String SOURCE_LABEL = "org.opencontainers.image.source";

    public String imageOf(String target) {
        return targetOfImage.entrySet().stream().filter(e -> e.getValue().equals(target)).map(Map.Entry::getKey)
                .findFirst().orElse(target);
    }

    /** The staging tag an image is pushed under while it is built. */
    public static StagingTag stagingTag(ImagePlan image, Settings settings) {
        List<Platform> platforms = image.platforms().isEmpty() ? List.of(settings.localPlatform().orElseThrow(
                () -> new IllegalStateException(image.name() + " is built for the local platform, which is unknown")))
                : image.platforms();
        return StagingTag.of(image.version(), platforms.stream().map(Platform::toString).toList());
    }

    /**
     * The definition, made from what the run already knows (a pure function: it asks nothing and writes nothing).
     *
     * @param parents which parents each image is built with in this solve, and which it is built on by digest
     * @param pinned  the digest of each pin that has one ({@link dev.cip.release.StagePins})
     */
    public static BakeDefinition of(Plan plan, ImageGraph graph, RunParents parents, Map<RunParents.Pin, String> pinned,
                                    Settings settings) {
        Map<String, String> targets = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (ImagePlan image : plan.toBuild()) {
            String t = targetName(image.name());
            String unique = t;
            for (int i = 2; !used.add(unique); i++) {
                unique = t + "-" + i;
            }
            targets.put(image.name(), unique);
        }
        Map<String, BakeFile.Target> bakeTargets = new LinkedHashMap<>();
        for (ImagePlan image : plan.toBuild()) {
            ImageNode node = graph.node(image.name());
            bakeTargets.put(targets.get(image.name()), target(plan, graph, node, image, targets, parents, pinned,
                    settings));
        }
        Map<String, BakeFile.Group> groups = Map.of("default", new BakeFile.Group(List.copyOf(targets.values())));
        return new BakeDefinition(new BakeFile(groups, bakeTargets), targets);
    }

    private static BakeFile.Target target(Plan plan, ImageGraph graph, ImageNode node, ImagePlan image,
                                          Map<String, String> targets, RunParents parents,
                                          Map<RunParents.Pin, String> pinned, Settings s) {
        Map<String, String> args = graph.buildArgs(node.name(), s.build().buildArgs());

        Map<String, String> contexts = new LinkedHashMap<>();
        for (InternalEdge edge : node.internal()) {
            String ref = edge.reference().resolved();
            if (parents.inRun(node.name(), edge)) {
                contexts.put(ref, "target:" + targets.get(edge.parent()));
            } else {
                parents.pin(node.name(), edge).map(pinned::get).ifPresent(d ->
                        contexts.put(ref, "docker-image://" + withoutDigest(ref) + "@" + d));
            }
        }

        Map<String, String> labels = new LinkedHashMap<>(s.labels());
        labels.put(TITLE_LABEL, node.name());
        labels.put(VERSION_LABEL, node.version());
        labels.putAll(s.imageLabels().getOrDefault(node.name(), Map.of()));
        image.fingerprint().ifPresent(f -> labels.put(Fingerprinter.LABEL, f));

        boolean pull = s.build().pull() && (s.push() || node.internal().isEmpty());
        List<String> output = List.of(s.push() ? "type=image,push=true" : "type=docker");
        return new BakeFile.Target(node.context().directory().toString(),
                node.context().directory().resolve("Dockerfile").toString(),
                image.platforms().stream().map(Object::toString).toList(), args, contexts,
                labels, s.push() ? annotations(labels) : List.of(),
                s.push() ? List.of(plan.registry() + "/" + node.name() + ":" + stagingTag(image, s).tag())
                        : BuildTags.of(plan.registry(), node.name(), node.version(), s.build().tagLatest(),
                        node.context().info().extraTags(s.image().extraTags())), pull, s.attest(),
                s.build().secrets(), s.image().cache().from(plan.registry(), node.name()),
                s.image().cache().to(plan.registry(), node.name()), output);
    }

    /**
     * The OCI labels and the fingerprint of a pushed image also as annotations of its manifest, where registries and
     * tools that never read the image config look, and where the plan finds the fingerprint of a published index
     * without reading a config (the local store keeps no manifest annotations, so loads get none).
     */
    private static List<String> annotations(Map<String, String> labels) {
        return labels.entrySet().stream().filter(e -> e.getKey().startsWith("org.opencontainers.image.")
                        || e.getKey().equals(Fingerprinter.LABEL))
                .map(e -> "manifest:" + e.getKey() + "=" + e.getValue()).toList();
    }

    private static String withoutDigest(String ref) {
        int at = ref.indexOf('@');
        return at < 0 ? ref : ref.substring(0, at);
    }

    /** A bake target name ({@code [A-Za-z0-9_-]+}) for an image name. */
    static String targetName(String image) {
        StringBuilder sb = new StringBuilder();
        for (char c : image.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' ? c : '_');
        }
        return sb.toString();
    }

    /** The images of the definition whose targets depend on {@code target} in it, transitively. */
    public Set<String> descendants(ImageGraph graph, String image) {
        Set<String> out = new java.util.LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of(image));
        while (!todo.isEmpty()) {
            String n = todo.remove(0);
            for (String child : graph.children(n)) {
                if (targetOfImage.containsKey(child) && out.add(child)) {
                    todo.add(child);
                }
            }
        }
        return out;
    }
}
