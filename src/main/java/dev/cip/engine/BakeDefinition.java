package dev.cip.engine;

import dev.cip.graph.ImageGraph;
import dev.cip.graph.ImageNode;
import dev.cip.graph.InternalEdge;
import dev.cip.plan.Fingerprinter;
import dev.cip.plan.ImagePlan;
import dev.cip.plan.Plan;
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
     * @param localPlatform the platform of images built without {@code --platform}, naming their staging tag
     * @param buildArgs  the goal's build arguments; an image's info.edn {@code :build-args} win over them
     * @param pull       pull external bases ({@code pull}); never applied to images with internal parents when loading
     * @param attest     the {@code attest} entries of every target (provenance, SBOM); empty leaves the builder's
     *                   default
     * @param secrets    {@code id=…,env=…} / {@code id=…,src=…} entries given to every target
     * @param labels     labels added to every target (besides each image's own and the fingerprint)
     * @param imageLabels labels of one image each (e.g. its git revision), by image name
     * @param extraTags  tags every loaded image also gets (besides its info.edn {@code :tags}); pushed images get
     *                   them when released
     * @param cache      where the build cache is exported to and imported from
     */
    public record Settings(boolean push, boolean tagLatest, Map<String, String> buildArgs, boolean pull,
                           List<String> attest, List<String> secrets, Map<String, String> labels,
                           Map<String, Map<String, String>> imageLabels, List<String> extraTags, BuildCache cache,
                           Optional<Platform> localPlatform) {
        public Settings {
            buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
            attest = List.copyOf(attest);
            secrets = List.copyOf(secrets);
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
            imageLabels = Map.copyOf(imageLabels);
            extraTags = List.copyOf(extraTags);
            java.util.Objects.requireNonNull(cache, "cache");
        }

        /**
         * Settings without image labels, extra tags or build cache, provenance forced on ({@code mode=min}) or off,
         * or left to the builder (empty).
         */
        public Settings(boolean push, boolean tagLatest, Map<String, String> buildArgs, boolean pull,
                        Optional<Boolean> provenance, List<String> secrets, Map<String, String> labels,
                        Optional<Platform> localPlatform) {
            this(push, tagLatest, buildArgs, pull, provenance.map(on -> List.of(on ? "type=provenance,mode=min"
                    : "type=provenance,disabled=true")).orElse(List.of()), secrets, labels, Map.of(), List.of(),
                    BuildCache.NONE, localPlatform);
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

    /** Where a parent that is not built in this solve is taken from. */
    @FunctionalInterface
    public interface ParentDigests {
        /**
         * The digest to build on for {@code parent:tag}: the published one the plan saw, or a staged one holding
         * every platform of {@code platforms} (empty: the local platform); empty when there is none.
         */
        Optional<String> digest(String parent, String tag, List<Platform> platforms);
    }

    /** The staging tag an image is pushed under while it is built. */
    public static StagingTag stagingTag(ImagePlan image, Settings settings) {
        List<Platform> platforms = image.platforms().isEmpty() ? List.of(settings.localPlatform().orElseThrow(
                () -> new IllegalStateException(image.name() + " is built for the local platform, which is unknown")))
                : image.platforms();
        return StagingTag.of(image.version(), platforms.stream().map(Platform::toString).toList());
    }

    /**
     * @param parents the digest of each parent built on that this solve does not build
     */
    public static BakeDefinition of(Plan plan, ImageGraph graph, ParentDigests parents, Settings settings) {
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
            bakeTargets.put(targets.get(image.name()), target(plan, graph, node, image, targets, parents, settings));
        }
        Map<String, BakeFile.Group> groups = Map.of("default", new BakeFile.Group(List.copyOf(targets.values())));
        return new BakeDefinition(new BakeFile(groups, bakeTargets), targets);
    }

    private static BakeFile.Target target(Plan plan, ImageGraph graph, ImageNode node, ImagePlan image,
                                          Map<String, String> targets, ParentDigests parents,
                                          Settings s) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("REGISTRY", plan.registry());
        s.buildArgs().forEach(args::put);
        node.context().info().buildArgs().forEach(args::put);
        args.put("REGISTRY", plan.registry()); // always the goal's registry

        Map<String, String> contexts = new LinkedHashMap<>();
        for (InternalEdge edge : node.internal()) {
            String parent = edge.parent();
            String current = graph.node(parent).version();
            String wanted = graph.wantedVersion(edge);
            String ref = edge.reference().resolved();
            if (wanted.equals(current) && targets.containsKey(parent)) {
                contexts.put(ref, "target:" + targets.get(parent));
            } else {
                String tag = edge.expectedVersion().orElse(current);
                Optional<String> digest = parents.digest(parent, tag, image.platforms());
                if (digest.isEmpty() && !tag.equals(wanted)) {
                    digest = parents.digest(parent, wanted, image.platforms());
                }
                digest.ifPresent(d -> contexts.put(ref, "docker-image://" + withoutDigest(ref) + "@" + d));
            }
        }

        Map<String, String> labels = new LinkedHashMap<>(s.labels());
        labels.put(TITLE_LABEL, node.name());
        labels.put(VERSION_LABEL, node.version());
        labels.putAll(s.imageLabels().getOrDefault(node.name(), Map.of()));
        image.fingerprint().ifPresent(f -> labels.put(Fingerprinter.LABEL, f));

        boolean pull = s.pull() && (s.push() || node.internal().isEmpty());
        List<String> output = List.of(s.push() ? "type=image,push=true" : "type=docker");
        return new BakeFile.Target(node.context().directory().toString(),
                node.context().directory().resolve("Dockerfile").toString(),
                image.platforms().stream().map(Object::toString).toList(), args, contexts,
                labels, s.push() ? annotations(labels) : List.of(),
                s.push() ? List.of(plan.registry() + "/" + node.name() + ":" + stagingTag(image, s).tag())
                        : BuildTags.of(plan.registry(), node.name(), node.version(), s.tagLatest(),
                        node.context().info().extraTags(s.extraTags())), pull, s.attest(),
                s.secrets(), s.cache().from(plan.registry(), node.name()), s.cache().to(plan.registry(), node.name()),
                output);
    }

    /**
     * The OCI labels of a pushed image also as annotations of its manifest, where registries and tools that never
     * read the image config look (the local store keeps no manifest annotations, so loads get none).
     */
    private static List<String> annotations(Map<String, String> labels) {
        return labels.entrySet().stream().filter(e -> e.getKey().startsWith("org.opencontainers.image."))
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
