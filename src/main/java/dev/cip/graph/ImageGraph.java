package dev.cip.graph;

import dev.cip.failure.InvalidSetting;
import dev.cip.oci.ImageRef;
import dev.cip.oci.Tags;
import dev.cip.context.Context;
import dev.cip.context.DidYouMean;
import dev.cip.context.InvalidProjectException;
import dev.cip.context.Problem;
import dev.cip.context.Project;
import dev.cip.dockerfile.ImageReference;
import dev.cip.dockerfile.ExpansionTooLargeException;
import dev.cip.dockerfile.ReferenceExtractor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The images of a project and the edges between them, taken from the Dockerfiles. Immutable; built once per run.
 */
public final class ImageGraph {
    private final Map<String, ImageNode> nodes;
    private final Map<String, Set<String>> children;
    private final List<String> order;
    private final String registry;

    private ImageGraph(Map<String, ImageNode> nodes, List<String> order, String registry) {
        this.nodes = nodes;
        this.order = List.copyOf(order);
        this.registry = registry;
        Map<String, Set<String>> kids = new LinkedHashMap<>();
        nodes.keySet().forEach(n -> kids.put(n, new TreeSet<>()));
        nodes.values().forEach(n -> n.parents().forEach(p -> kids.get(p).add(n.name())));
        Map<String, Set<String>> frozen = new LinkedHashMap<>();
        kids.forEach((k, v) -> frozen.put(k, Collections.unmodifiableSet(v))); // sorted, as parents()
        this.children = frozen;
    }

    /**
     * Builds the graph of {@code project} as seen by builds against {@code registry}.
     *
     * @param buildArgs build arguments passed to every build (besides {@code REGISTRY})
     * @throws InvalidProjectException for cycles and prefixes that disagree with the edges, all reported together
     */
    public static ImageGraph of(Project project, String registry, Map<String, String> buildArgs) {
        ReferenceExtractor extractor = new ReferenceExtractor();
        Set<String> names = project.contexts().stream().map(Context::imageName)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Map<String, ImageNode> nodes = new LinkedHashMap<>();
        List<Problem> expansionProblems = new ArrayList<>();
        for (Context context : project.contexts()) {
            Map<String, String> args = buildArgs(buildArgs, context, registry);
            List<InternalEdge> internal = new ArrayList<>();
            List<ImageReference> external = new ArrayList<>();
            List<ImageReference> refs;
            try {
                refs = extractor.extract(context.dockerfile(), args);
            } catch (ExpansionTooLargeException e) {
                expansionProblems.add(Problem.at(context.dockerfilePath(), e.line(), e.getMessage()));
                continue;
            }
            for (ImageReference ref : refs) {
                ImageRef parsed = ImageRef.parse(ref.resolved());
                Optional<String> name = parsed.nameUnder(registry).filter(names::contains);
                if (name.isPresent()) {
                    internal.add(new InternalEdge(name.get(), parsed.tag(), ref));
                } else {
                    external.add(ref);
                }
            }
            nodes.put(context.imageName(), new ImageNode(context, internal, external));
        }

        if (!expansionProblems.isEmpty()) {
            throw new InvalidProjectException(expansionProblems); // the build arguments given make them too large
        }
        List<Problem> problems = new ArrayList<>();
        problems.addAll(prefixProblems(nodes));
        List<String> order = topologicalOrder(nodes, problems);
        if (!problems.isEmpty()) {
            throw new InvalidProjectException(problems);
        }
        return new ImageGraph(nodes, order, registry);
    }

    public String registry() {
        return registry;
    }

    /**
     * The build arguments of an image: {@code REGISTRY} (first, and always the goal's registry), then the run's
     * {@code runArgs}, then its info.edn {@code :build-args}, which win.
     */
    public static Map<String, String> buildArgs(Map<String, String> runArgs, Context context, String registry) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("REGISTRY", registry);
        args.putAll(runArgs);
        args.putAll(context.info().buildArgs());
        args.put("REGISTRY", registry);
        return args;
    }

    /** The build arguments of image {@code name} built against this graph's registry (see above). */
    public Map<String, String> buildArgs(String name, Map<String, String> runArgs) {
        return buildArgs(runArgs, node(name).context(), registry);
    }

    public ImageNode node(String name) {
        ImageNode node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no image named " + name);
        }
        return node;
    }

    /**
     * The version of its parent an edge needs: the tag it names, or the parent's current version when it names none
     * or names {@link Tags#LATEST}.
     */
    public String wantedVersion(InternalEdge edge) {
        String current = node(edge.parent()).version();
        return edge.expectedVersion().filter(v -> !v.equals(Tags.LATEST)).orElse(current);
    }

    public boolean contains(String name) {
        return nodes.containsKey(name);
    }

    /** Image names, parents before children; ties broken by directory name (the original tool's batch order). */
    public List<String> topologicalOrder() {
        return order;
    }

    public Set<String> names() {
        return nodes.keySet();
    }

    public Set<String> children(String name) {
        return children.get(name);
    }

    public Set<String> parents(String name) {
        return node(name).parents();
    }

    public Set<String> ancestors(String name) {
        return closure(name, this::parents);
    }

    public Set<String> descendants(String name) {
        return closure(name, this::children);
    }

    /** References to a project image at another version than its current one. */
    /**
     * The internal references written through a variable in {@code COPY --from} or {@code RUN --mount …,from=}, one
     * line each with its file and line: BuildKit expands no variable there, so such a build fails; a stage on the
     * image ({@code FROM ${REGISTRY}/tools:1.0.0 AS tools}, then {@code --from=tools}) is the form that builds.
     */
    public List<String> unbuildableFromReferences(Collection<String> images) {
        List<String> out = new ArrayList<>();
        for (String name : images) {
            ImageNode node = node(name);
            for (InternalEdge edge : node.internal()) {
                ImageReference ref = edge.reference();
                if (ref.kind() != ImageReference.Kind.FROM && ref.raw().contains("$")) {
                    String stage = edge.parent().replaceAll("[^A-Za-z0-9_.-]", "-");
                    out.add(node.context().dockerfilePath() + ":" + ref.line() + ": " + ref.kind().label() + " "
                            + ref.raw() + " names an image through a variable, which BuildKit does not expand there "
                            + "(the build fails); name a stage on it instead: FROM " + ref.raw() + " AS " + stage
                            + " before this stage, then --from=" + stage);
                }
            }
        }
        return out;
    }

    /**
     * The external references of {@code images} that name an image of this project without the registry
     * ({@code FROM node:20.1.1} where {@code node} is a project image): they are pulled as an external image of that
     * name, not built on the project's; one line each with its file, line and the fix.
     */
    public List<String> projectImagesWithoutRegistry(Collection<String> images) {
        List<String> out = new ArrayList<>();
        for (String name : images) {
            ImageNode node = node(name);
            for (ImageReference ref : node.external()) {
                String repository = ImageRef.parse(ref.resolved()).repository();
                String bare = repository.startsWith("library/") ? repository.substring("library/".length())
                        : repository;
                if (nodes.containsKey(bare) && !bare.contains("/")) {
                    String fixed = "${REGISTRY}/" + bare + ImageRef.parse(ref.resolved()).tag()
                            .map(t -> ":" + t).orElse("");
                    out.add(node.context().dockerfilePath() + ":" + ref.line() + ": " + ref.kind().label() + " "
                            + ref.raw() + " names " + bare + ", an image of this project, without ${REGISTRY}/, so"
                            + " it is taken as an external image of that name, not built on the project's " + bare
                            + "; write " + fixed + " (with ARG REGISTRY before the first FROM)");
                }
            }
        }
        return out;
    }

    public List<StaleReference> staleReferences() {
        List<StaleReference> stale = new ArrayList<>();
        for (String name : order) {
            ImageNode node = nodes.get(name);
            for (InternalEdge edge : node.internal()) {
                String current = nodes.get(edge.parent()).version();
                edge.expectedVersion()
                        .filter(v -> !v.equals(current) && !v.equals(Tags.LATEST))
                        .ifPresent(v -> stale.add(new StaleReference(name, edge.parent(), v, current,
                                node.context().dockerfilePath(), edge.reference().line())));
            }
        }
        return stale;
    }

    /**
     * The images to act on: the named ones, widened to their ancestors and/or descendants, in topological order. An
     * empty {@code names} selects every image.
     *
     * @throws InvalidSetting naming the unknown images and listing the known ones
     */
    public List<String> select(Collection<String> names, boolean withAncestors, boolean withDescendants) {
        if (names.isEmpty()) {
            return order;
        }
        List<String> unknown = names.stream().filter(n -> !nodes.containsKey(n)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidSetting((unknown.size() == 1 ? "Unknown image " : "Unknown images ")
                    + String.join(", ", unknown.stream().map(n -> n + DidYouMean.closest(n, order)
                    .map(c -> " (did you mean " + c + "?)").orElse("")).toList())
                    + "; the project's images are: " + String.join(", ", order));
        }
        Set<String> chosen = new LinkedHashSet<>(names);
        for (String name : names) {
            if (withAncestors) {
                chosen.addAll(ancestors(name));
            }
            if (withDescendants) {
                chosen.addAll(descendants(name));
            }
        }
        return order.stream().filter(chosen::contains).toList();
    }

    private Set<String> closure(String start, Function<String, Set<String>> next) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(next.apply(start));
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (seen.add(n)) {
                todo.addAll(next.apply(n));
            }
        }
        return seen;
    }

    private static List<Problem> prefixProblems(Map<String, ImageNode> nodes) {
        List<Problem> problems = new ArrayList<>();
        for (ImageNode child : nodes.values()) {
            Context c = child.context();
            if (c.prefix().isEmpty()) {
                continue;
            }
            for (String parentName : child.parents()) {
                Context p = nodes.get(parentName).context();
                if (p.prefix().isPresent() && p.prefix().getAsInt() >= c.prefix().getAsInt()
                        && !parentName.equals(child.name())) {
                    int line = child.internal().stream().filter(e -> e.parent().equals(parentName))
                            .mapToInt(e -> e.reference().line()).findFirst().orElse(0);
                    problems.add(Problem.at(c.dockerfilePath(), line, "context " + c.directoryName()
                            + " builds on " + p.directoryName() + ", whose prefix " + p.prefix().getAsInt()
                            + " is not smaller than " + c.prefix().getAsInt()
                            + "; renumber the directories so that parents come first"));
                }
            }
        }
        return problems;
    }

    /** Kahn's algorithm with a stable tie-break; reports every cycle's path when there is one. */
    private static List<String> topologicalOrder(Map<String, ImageNode> nodes, List<Problem> problems) {
        Map<String, Integer> position = new HashMap<>();
        int k = 0;
        for (String n : nodes.keySet()) {
            position.put(n, k++);
        }
        Map<String, Integer> indegree = new HashMap<>();
        Map<String, List<String>> kids = new HashMap<>();
        for (ImageNode node : nodes.values()) {
            indegree.put(node.name(), node.parents().size());
            for (String p : node.parents()) {
                kids.computeIfAbsent(p, x -> new ArrayList<>()).add(node.name());
            }
        }
        PriorityQueue<String> ready = new PriorityQueue<>((a, b) -> Integer.compare(position.get(a), position.get(b)));
        indegree.forEach((n, d) -> {
            if (d == 0) {
                ready.add(n);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String n = ready.poll();
            order.add(n);
            for (String c : kids.getOrDefault(n, List.of())) {
                if (indegree.merge(c, -1, Integer::sum) == 0) {
                    ready.add(c);
                }
            }
        }
        if (order.size() < nodes.size()) {
            Set<String> left = new LinkedHashSet<>(nodes.keySet());
            order.forEach(left::remove);
            for (List<String> cycle : cycles(nodes, left)) {
                ImageNode first = nodes.get(cycle.get(0));
                String parentInCycle = cycle.get(cycle.size() - 2);
                int line = first.internal().stream().filter(e -> e.parent().equals(parentInCycle))
                        .mapToInt(e -> e.reference().line()).findFirst().orElse(0);
                problems.add(Problem.at(first.context().dockerfilePath(), line, "images form a cycle: "
                        + String.join(" -> ", cycle) + "; an image cannot build on its own descendants"));
            }
        }
        return order;
    }

    /** One path per cycle among {@code left} (the nodes Kahn's algorithm could not order). */
    private static List<List<String>> cycles(Map<String, ImageNode> nodes, Set<String> left) {
        List<List<String>> cycles = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (String start : left) {
            if (done.contains(start)) {
                continue;
            }
            // Walk parent edges inside the remaining set until a node repeats: that stretch is a cycle.
            List<String> path = new ArrayList<>();
            String current = start;
            while (!path.contains(current)) {
                path.add(current);
                String next = null;
                for (String p : nodes.get(current).parents()) {
                    if (left.contains(p)) {
                        next = p;
                        break;
                    }
                }
                if (next == null) {
                    break;
                }
                current = next;
            }
            int from = path.indexOf(current);
            if (from >= 0 && !done.contains(current)) {
                List<String> cycle = new ArrayList<>(path.subList(from, path.size()));
                Collections.reverse(cycle); // parent -> child reads as the build order
                cycle.add(cycle.get(0));
                cycles.add(cycle);
                done.addAll(cycle);
            }
            done.addAll(path);
        }
        return cycles;
    }
}
