package dev.cip.cascade;

import dev.cip.failure.InvalidProjectInput;
import dev.cip.context.Context;
import dev.cip.context.DidYouMean;
import dev.cip.context.ImageInfo;
import dev.cip.context.InfoEdnEditor;
import dev.cip.context.InvalidProjectException;
import dev.cip.context.Problem;
import dev.cip.context.Project;
import dev.cip.context.Setting;
import dev.cip.context.Validation;
import dev.cip.dockerfile.DockerfileParser;
import dev.cip.dockerfile.ImageReference;
import dev.cip.dockerfile.ParsedDockerfile;
import dev.cip.files.TextFiles;
import dev.cip.graph.ImageGraph;
import dev.cip.graph.ImageNode;
import dev.cip.oci.ImageRef;
import dev.cip.oci.Tags;
import dev.cip.graph.InternalEdge;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes a version cascade: every internal reference is moved to its parent's current (possibly just raised)
 * version, and every image whose references changed is raised once, transitively, in topological order. Nothing is
 * written here: the result is a {@link CascadePlan} whose every new file has been re-read and checked;
 * {@link FileReplacer} writes it.
 */
public final class Cascade {
    private final InfoEdnEditor infoEditor = new InfoEdnEditor();
    private final DockerfileParser dockerfileParser = new DockerfileParser();

    /**
     * Plans the cascade of {@code project}.
     *
     * @throws InvalidProjectException listing every problem found (a version that cannot be raised, a reference to a
     *                                 version higher than its parent's, a reference cascade cannot edit, an unknown
     *                                 {@code bumpImage}, …); nothing is planned then
     */
    public CascadePlan plan(Project project, CascadeOptions options) {
        return plan(project, options, Seeds.NONE);
    }

    /**
     * Plans the cascade of {@code project} started by {@code seeds} as well as by stale references: each seed image
     * is raised (at the level asked, patch for {@code parent}) and its Dockerfile edits are made with the cascade's.
     *
     * @throws InvalidProjectException as {@link #plan(Project, CascadeOptions)}
     */
    public CascadePlan plan(Project project, CascadeOptions options, Seeds seeds) {
        ImageGraph graph = ImageGraph.of(project, options.registry(), options.buildArgs());
        List<Problem> problems = new ArrayList<>();
        Map<String, String> versions = new HashMap<>();
        graph.names().forEach(n -> versions.put(n, graph.node(n).version()));

        Optional<String> requested = options.bumpImage();
        if (requested.isPresent()) {
            String name = requested.get();
            if (!graph.contains(name)) {
                problems.add(Problem.at(project.directory().resolve("contexts"), Setting.BUMP_IMAGE.neutralName()
                        + " is '" + name + "', which is not an image of the project"
                        + DidYouMean.closest(name, graph.topologicalOrder())
                        .map(c -> " (did you mean " + c + "?)").orElse("") + "; its images are: "
                        + String.join(", ", graph.topologicalOrder())).fixedBy(Setting.BUMP_IMAGE, "to one of them"));
                requested = Optional.empty();
            }
        }

        List<ImageBump> bumps = new ArrayList<>();
        Map<String, List<TextEdit>> edits = new LinkedHashMap<>();
        for (String name : graph.topologicalOrder()) {
            ImageNode node = graph.node(name);
            Context context = node.context();
            List<TextEdit> tagEdits = new ArrayList<>(seeds.editsOf(name));
            boolean seeded = seeds.raise().contains(name);
            Map<String, Set<String>> changedParents = new TreeMap<>();
            BumpLevel mirrored = null;
            for (InternalEdge edge : node.internal()) {
                Optional<TextEdit> edit = edit(node, edge, versions.get(edge.parent()), graph, problems);
                if (edit.isEmpty()) {
                    continue;
                }
                if (tagEdits.stream().anyMatch(e -> e.start() == edit.get().start())) {
                    continue; // one ARG default used by several references to the same parent: one edit
                }
                tagEdits.add(edit.get());
                changedParents.computeIfAbsent(edge.parent(), p -> new LinkedHashSet<>()).add(edit.get().from());
                BumpLevel level = changeLevel(edit.get().from(), edit.get().to());
                mirrored = mirrored == null ? level : BumpLevel.max(mirrored, level);
            }
            boolean isRequested = requested.isPresent() && requested.get().equals(name) || seeded;
            if (!tagEdits.isEmpty() && mirrored == null && !isRequested) {
                edits.put(name, tagEdits); // edited, not raised
                continue;
            }
            if (tagEdits.isEmpty() && !isRequested) {
                continue;
            }
            BumpLevel level = level(options, isRequested, requested.isPresent() || !seeds.raise().isEmpty(), mirrored);
            Optional<String> raised = raise(context, level, options.baseline().get(name), problems);
            if (raised.isPresent() && raised.get().equals(context.version()) && tagEdits.isEmpty()) {
                continue; // named, but already raised that much since the last commit
            }
            if (raised.isEmpty()) {
                continue;
            }
            versions.put(name, raised.get());
            edits.put(name, tagEdits);
            List<ParentChange> parents = new ArrayList<>();
            changedParents.forEach((p, from) -> parents.add(new ParentChange(p, List.copyOf(from),
                    versions.get(p))));
            bumps.add(new ImageBump(name, context.infoPath(), context.version(), raised.get(), level, isRequested,
                    parents));
        }
        if (!problems.isEmpty()) {
            throw new InvalidProjectException(problems);
        }

        List<FileChange> changes = new ArrayList<>();
        Map<String, Context> changedContexts = new HashMap<>();
        Map<String, ImageBump> raisedImages = new HashMap<>();
        bumps.forEach(b -> raisedImages.put(b.image(), b));
        for (String name : edits.keySet()) {
            Context context = graph.node(name).context();
            List<TextEdit> tagEdits = edits.get(name);
            ImageBump bump = raisedImages.get(name);
            String dockerfile = context.dockerfile().text();
            ParsedDockerfile newDockerfile = context.dockerfile();
            if (!tagEdits.isEmpty()) {
                String newText = applyEdits(dockerfile, tagEdits);
                changes.add(new FileChange(context.dockerfilePath(), dockerfile, newText));
                newDockerfile = dockerfileParser.parse(newText);
            }
            if (bump == null) {
                changedContexts.put(name, new Context(context.directoryName(), context.imageName(),
                        context.prefix(), context.directory(), context.info(), newDockerfile));
                continue;
            }
            // an image already raised since the last commit keeps its version: only its references move
            Optional<String> infoText = bump.oldVersion().equals(bump.newVersion()) ? Optional.empty()
                    : readInfo(context, problems);
            infoText.ifPresent(text -> {
                try {
                    changes.add(new FileChange(context.infoPath(), text,
                            infoEditor.withVersion(text, bump.newVersion())));
                } catch (InfoEdnEditor.EditException e) {
                    problems.add(Problem.at(context.infoPath(), e.line(), e.getMessage()));
                }
            });
            ImageInfo info = context.info();
            changedContexts.put(bump.image(), new Context(context.directoryName(), context.imageName(),
                    context.prefix(), context.directory(), info.withVersion(bump.newVersion()),
                    newDockerfile));
        }
        changes.forEach(change -> refuseLinks(project.directory(), change.path(), problems));
        if (!problems.isEmpty()) {
            throw new InvalidProjectException(problems);
        }
        verify(project, options, graph, changedContexts);
        return new CascadePlan(bumps, changes);
    }

    /** The edit moving {@code edge} to {@code target}, when it points elsewhere; problems are added to the list. */
    private static Optional<TextEdit> edit(ImageNode node, InternalEdge edge, String target, ImageGraph graph,
                                          List<Problem> problems) {
        Context context = node.context();
        if (edge.expectedVersion().isEmpty()) {
            return Optional.empty(); // no tag: follows latest
        }
        String expected = edge.expectedVersion().get();
        if (expected.equals(target) || expected.equals(Tags.LATEST)) {
            return Optional.empty();
        }
        ImageReference ref = edge.reference();
        Path file = context.dockerfilePath();
        Optional<Version> from = Version.parse(expected);
        Optional<Version> to = Version.parse(target);
        if (from.isPresent() && to.isPresent() && from.get().compareNumbers(to.get()) > 0) {
            problems.add(Problem.at(file, ref.line(), context.imageName() + " refers to " + edge.parent() + ":"
                    + expected + ", which is higher than " + edge.parent() + "'s version " + target + " ("
                    + graph.node(edge.parent()).context().infoPath() + "); cascade never moves a reference down:"
                    + " raise " + edge.parent() + "'s version or correct the reference"));
            return Optional.empty();
        }
        if (ImageRef.parse(ref.resolved()).digest().isPresent()) {
            problems.add(Problem.at(file, ref.line(), context.imageName() + " pins " + ref.raw()
                    + " by digest; cascade cannot move it to " + edge.parent() + ":" + target
                    + "; update the reference by hand"));
            return Optional.empty();
        }
        Optional<Problem> refused = ArgDefaults.refusal(node, ref, "moving " + context.imageName() + "'s reference"
                + " to " + edge.parent() + ":" + target);
        if (refused.isPresent()) {
            problems.add(refused.get());
            return Optional.empty();
        }
        if (ref.literalTag().isEmpty()) {
            problems.add(Problem.at(file, ref.line(), context.imageName() + " refers to " + edge.parent() + ":"
                    + expected + " but " + edge.parent() + " is at " + target + ", and the tag in '" + ref.raw()
                    + "' is not written literally on one line nor in the default of the global ARG it expands (it"
                    + " is built from several variables or split by a line continuation), so cascade cannot edit"
                    + " it; write the tag literally, or as the default of one global ARG, or update it by hand"));
            return Optional.empty();
        }
        ImageReference.Span span = ref.literalTag().get();
        String written = context.dockerfile().text().substring(span.start(), span.end());
        if (!written.equals(expected)) {
            problems.add(Problem.at(file, ref.line(), "the tag written in '" + ref.raw() + "' ('" + written
                    + "') is not the one it resolves to ('" + expected + "'); update the reference by hand"));
            return Optional.empty();
        }
        return Optional.of(new TextEdit(span.start(), span.end(), expected, target));
    }

    /**
     * How much an image is raised, once however many parents changed. {@code cip.bump}'s level applies to the image
     * named to bump; the images raised because a parent changed get the smallest raise that keeps the order (patch),
     * unless the level is {@code parent} (each mirrors its parents' highest change). Without a named image (nor images
     * {@code cip:update} raises) the level applies to every raised image (the roots were raised by hand).
     * {@code parent} for a named image: as much as its own parents changed, patch when none did.
     */
    private static BumpLevel level(CascadeOptions options, boolean isRequested, boolean anyRequested,
                                   BumpLevel mirrored) {
        if (options.level() == BumpLevel.PARENT) {
            return mirrored == null ? BumpLevel.PATCH : mirrored;
        }
        if (isRequested || !anyRequested) {
            return options.level();
        }
        return BumpLevel.PATCH;
    }

    /**
     * A file to be replaced must be a regular file (a symbolic link would become a regular file, and a shared file
     * would stop being shared) in a directory inside the project (a context directory linked from outside would have
     * cascade write outside the project). Links to directories inside the project are followed.
     */
    private static void refuseLinks(Path projectDir, Path file, List<Problem> problems) {
        if (Files.isSymbolicLink(file)) {
            problems.add(Problem.at(file, "is a symbolic link; the cascade does not replace links. Make it a regular"
                    + " file, or change its tag or :version by hand"));
            return;
        }
        try {
            Path realProject = projectDir.toRealPath();
            Path realDir = file.getParent().toRealPath();
            if (!realDir.startsWith(realProject)) {
                problems.add(Problem.at(file, "resolves to " + realDir.resolve(file.getFileName()) + ", outside the"
                        + " project " + realProject + "; the cascade writes only inside the project. Replace the"
                        + " linked context directory with a real one"));
            }
        } catch (IOException e) {
            problems.add(Problem.at(file, "cannot be resolved: " + e.getMessage()));
        }
    }

    private static BumpLevel changeLevel(String from, String to) {
        Optional<Version> a = Version.parse(from);
        Optional<Version> b = Version.parse(to);
        if (a.isEmpty() || b.isEmpty()) {
            return BumpLevel.PATCH;
        }
        return a.get().changeTo(b.get()).orElse(BumpLevel.PATCH);
    }

    /**
     * The version {@code context} is raised to by {@code level}. With a {@code baseline} (the version last committed)
     * the raise counts from there, and a version already that high is kept: the same bump run twice, or a cascade
     * after bumping by hand, never raises an image twice.
     */
    private static Optional<String> raise(Context context, BumpLevel level, String baseline,
                                          List<Problem> problems) {
        Optional<Version> current = Version.parse(context.version());
        Optional<Version> before = baseline == null ? Optional.empty() : Version.parse(baseline);
        if (current.isPresent() && before.isPresent() && current.get().compareNumbers(before.get()) > 0) {
            try {
                Version target = before.get().bump(level);
                if (current.get().compareNumbers(target) >= 0) {
                    return Optional.of(context.version());
                }
                return Optional.of(target.toString());
            } catch (InvalidProjectInput e) {
                // no such component in the committed version: raise the current one as usual
            }
        }
        return raise(context, level, problems);
    }

    private static Optional<String> raise(Context context, BumpLevel level, List<Problem> problems) {
        Optional<Version> version = Version.parse(context.version());
        if (version.isEmpty()) {
            problems.add(Problem.at(context.infoPath(), ":version \"" + context.version() + "\" of "
                    + context.imageName() + " cannot be raised: " + Version.shapeRule()));
            return Optional.empty();
        }
        String raised;
        try {
            raised = version.get().bump(level).toString();
        } catch (InvalidProjectInput e) {
            problems.add(Problem.at(context.infoPath(), ":version " + e.getMessage() + " of "
                    + context.imageName() + "; give it a second component, or use another level")
                    .fixedBy(Setting.BUMP, "to patch or major"));
            return Optional.empty();
        }
        if (!Validation.isTag(raised)) {
            problems.add(Problem.at(context.infoPath(), ":version \"" + context.version() + "\" would become \""
                    + raised + "\", which is not a valid image tag: " + Validation.tagRule()));
            return Optional.empty();
        }
        return Optional.of(raised);
    }

    private static String applyEdits(String text, List<TextEdit> edits) {
        List<TextEdit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(TextEdit::start));
        StringBuilder out = new StringBuilder(text.length() + 16 * edits.size());
        int at = 0;
        for (TextEdit e : sorted) {
            out.append(text, at, e.start()).append(e.to());
            at = e.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** The info.edn text, checked to still say what the scan read. */
    private Optional<String> readInfo(Context context, List<Problem> problems) {
        Path file = context.infoPath();
        String text;
        try {
            text = TextFiles.readUtf8(file);
        } catch (CharacterCodingException e) {
            problems.add(Problem.at(file, "is not valid UTF-8; save it as UTF-8"));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(Problem.at(file, "cannot be read: " + e.getMessage()));
            return Optional.empty();
        }
        String version;
        try {
            version = infoEditor.versionLiteral(text);
        } catch (InfoEdnEditor.EditException e) {
            problems.add(Problem.at(file, e.line(), e.getMessage()));
            return Optional.empty();
        }
        if (!version.equals(context.version())) {
            problems.add(Problem.at(file, "changed while cip was reading the project; run the cascade again"));
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /**
     * Re-reads the project as it will be and checks the cascade did what it should: the same edges, none stale. A
     * failure here is a bug in cip, reported rather than written.
     */
    private static void verify(Project project, CascadeOptions options, ImageGraph before,
                               Map<String, Context> changed) {
        List<Context> contexts = project.contexts().stream()
                .map(c -> changed.getOrDefault(c.imageName(), c)).toList();
        ImageGraph after = ImageGraph.of(new Project(project.directory(), contexts, project.warnings()),
                options.registry(), options.buildArgs());
        List<Problem> problems = new ArrayList<>();
        for (String name : before.topologicalOrder()) {
            ImageNode a = before.node(name);
            ImageNode b = after.node(name);
            if (a.internal().size() != b.internal().size() || a.external().size() != b.external().size()
                    || !a.parents().equals(b.parents())) {
                problems.add(Problem.at(a.context().dockerfilePath(), "would not keep its references after the"
                        + " cascade's edit (a bug in cip; please report it); nothing was written"));
            }
        }
        after.staleReferences().forEach(s -> problems.add(Problem.at(s.dockerfile(), s.line(),
                "would still be stale after the cascade (a bug in cip; please report it): " + s.describe())));
        if (!problems.isEmpty()) {
            throw new InvalidProjectException(problems);
        }
    }
}
