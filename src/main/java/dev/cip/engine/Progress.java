package dev.cip.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cip.json.Json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Demultiplexes the {@code --progress=rawjson} stream of one {@code docker buildx bake}: JSON objects one after
 * another (pretty-printed, each opening with <code>{</code> and closing with <code>}</code> at the start of a line),
 * whose vertex names start with {@code [<target> …]}. Writes each image's lines to its log, tells when an image's
 * first step starts, and keeps, per target, its step times and the errors BuildKit reported. Not thread-safe: fed by
 * one reader at a time.
 */
final class Progress {
    private static final Pattern PREFIX = Pattern.compile("^\\[([A-Za-z0-9_-]+)[ \\]]");
    private static final int TAIL = 30;

    /** Told when an image's first own step starts, and of each line of it ({@code -Dcip.verbose}). */
    interface Listener {
        default void started(String image) {
        }

        default void line(String image, String line) {
        }
    }

    /** A vertex as reported, with the targets whose builds named it. */
    private static final class Vertex {
        final String digest;
        final int number;
        /** Its name under each image whose build named it (a child's build names its parent's steps too). */
        final Map<String, String> names = new LinkedHashMap<>();
        /** The images whose log has its name line. */
        final Set<String> announced = new HashSet<>();
        String name;
        Instant started;
        Instant completed;
        String error;
        boolean cached;

        Vertex(String digest, int number) {
            this.digest = digest;
            this.number = number;
        }
    }

    private final BakeDefinition definition;
    private final Optional<String> only;
    private final Map<String, String> claims;
    private final Function<String, Set<String>> ancestors;
    private final Path logDir;
    private final Listener listener;
    private final Map<String, Vertex> vertices = new LinkedHashMap<>();
    private final Map<String, BufferedWriter> logs = new HashMap<>();
    private final Map<String, Deque<String>> tails = new HashMap<>();
    private final Set<String> started = new LinkedHashSet<>();
    private final Deque<String> plain = new ArrayDeque<>();
    private final StringBuilder object = new StringBuilder();
    private boolean inObject;
    /** Events whose effects wait for the names other targets' builds give their vertices (see {@link #line}). */
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final Duration settle;

    private record Pending(Instant arrived, JsonNode event) {
    }

    /**
     * @param ancestors the in-run ancestors of an image (names), to give a vertex two targets share to the upstream
     *                  one
     */
    Progress(BakeDefinition definition, Function<String, Set<String>> ancestors, Path logDir, Listener listener) {
        this(definition, ancestors, logDir, listener, Optional.empty(), new java.util.concurrent.ConcurrentHashMap<>());
    }

    /**
     * @param only the one image this bake builds (its in-run ancestors come along, built by their own bakes): vertex
     *             names without a target prefix are its, and only its own steps are logged and announced
     * @param claims the image each vertex digest is of, shared by the bakes of one build: a child's bake may name a
     *               step of its parent's under the child only, but the parent's bake, started first, claimed it
     */
    Progress(BakeDefinition definition, Function<String, Set<String>> ancestors, Path logDir, Listener listener,
             Optional<String> only, Map<String, String> claims) {
        this.only = only;
        this.claims = claims;
        this.definition = definition;
        this.ancestors = ancestors;
        this.logDir = logDir;
        this.listener = listener;
        // A bake of several targets reports a parent's step through the parent's build and through each child's,
        // one stream after the other: what a line says is acted on once the other streams have had time to name it.
        this.settle = only.isPresent() ? Duration.ZERO : SETTLE;
    }

    /** How long the bake of several targets waits for every build to name a vertex before acting on it. */
    static final Duration SETTLE = Duration.ofMillis(750);

    /** One line of bake's stderr (or stdout). */
    synchronized void line(String line) {
        if (!inObject && line.equals("{}")) {
            return;
        }
        if (!inObject && line.equals("{")) {
            inObject = true;
            object.setLength(0);
        }
        if (inObject) {
            object.append(line).append('\n');
            if (line.equals("}")) {
                inObject = false;
                try {
                    JsonNode event = Json.mapper().readTree(object.toString());
                    name(event);
                    pending.addLast(new Pending(Instant.now(), event));
                } catch (IOException e) {
                    plain(object.toString().strip());
                }
                settle();
            }
            return;
        }
        plain(line);
    }

    private void plain(String line) {
        plain.addLast(line);
        if (plain.size() > TAIL) {
            plain.removeFirst();
        }
    }

    /** Lines bake printed outside the progress objects (its final error), last ones. */
    synchronized List<String> plainTail() {
        return List.copyOf(plain);
    }

    /** Acts on the events that have waited long enough (all of them once the bake has ended). */
    synchronized void settle() {
        Instant cutoff = Instant.now().minus(settle);
        while (!pending.isEmpty() && !pending.peekFirst().arrived().isAfter(cutoff)) {
            event(pending.removeFirst().event());
        }
    }

    private void settleAll() {
        while (!pending.isEmpty()) {
            event(pending.removeFirst().event());
        }
    }

    /** Records the names the event gives its vertices, at once: whose a vertex is depends on all of them. */
    private void name(JsonNode event) {
        for (JsonNode node : event.path("vertexes")) {
            String digest = node.path("digest").asText();
            if (!digest.isEmpty()) {
                String name = node.path("name").asText("");
                Vertex v = vertices.computeIfAbsent(digest, d -> new Vertex(d, vertices.size() + 1));
                image(name).ifPresent(i -> v.names.putIfAbsent(i, name));
            }
        }
    }

    private void event(JsonNode event) {
        for (JsonNode v : event.path("vertexes")) {
            vertex(v);
        }
        for (JsonNode l : event.path("logs")) {
            Vertex v = vertices.get(l.path("vertex").asText());
            if (v == null || v.names.isEmpty()) {
                continue;
            }
            String data;
            try {
                data = new String(Base64.getDecoder().decode(l.path("data").asText("")), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                continue;
            }
            for (String text : data.split("\r?\n|\r")) {
                if (!text.isBlank()) {
                    write(v, "#" + v.number + " " + text);
                }
            }
        }
    }

    private void vertex(JsonNode node) {
        String digest = node.path("digest").asText();
        if (digest.isEmpty()) {
            return;
        }
        String name = node.path("name").asText("");
        Vertex v = vertices.computeIfAbsent(digest, d -> new Vertex(d, vertices.size() + 1));
        Optional<String> named = image(name);
        named.ifPresent(i -> v.names.putIfAbsent(i, name));
        if (only.isPresent() && named.equals(only)) {
            claims.putIfAbsent(digest, only.get());
        }
        v.name = v.name == null ? name : v.name;
        if (node.path("cached").asBoolean(false)) {
            v.cached = true;
        }
        // Nothing is written when a vertex is first listed, only when it starts, logs, fails or completes: by then
        // the build of a child has also named a step of its parent's under the parent, whose step it is.
        Instant s = time(node, "started");
        if (s != null && v.started == null) {
            v.started = s;
            for (String image : owning(v)) {
                announce(v, image);
                if (isStep(v.name) && started.add(image)) {
                    listener.started(image);
                }
            }
        }
        String error = node.path("error").asText("");
        if (!error.isEmpty() && v.error == null) {
            v.error = error;
            write(v, "#" + v.number + " ERROR: " + error);
        }
        Instant c = time(node, "completed");
        if (c != null && v.completed == null) {
            v.completed = c;
            if (error.isEmpty()) {
                String took = v.started == null ? "" : String.format(java.util.Locale.ROOT, " %.1fs",
                        Duration.between(v.started, c).toMillis() / 1000.0);
                write(v, "#" + v.number + (v.cached ? " CACHED" : " DONE" + took));
            }
        }
    }

    private Optional<String> image(String vertexName) {
        Matcher m = PREFIX.matcher(vertexName);
        if (!m.find() || m.group(1).equals("internal")) {
            // bake names vertices without a target prefix when it builds one target
            return vertexName.startsWith("[internal]") ? Optional.empty() : only;
        }
        String target = m.group(1);
        return definition.targetOfImage().containsValue(target) ? Optional.of(definition.imageOf(target)) : only;
    }

    /** A step of the image's own, not the loading of its definition or context. */
    private static boolean isStep(String name) {
        return !name.matches("^\\[([A-Za-z0-9_-]+ )?internal\\].*");
    }

    private void write(Vertex v, String line) {
        for (String image : owning(v)) {
            announce(v, image);
            write(image, line);
        }
    }

    /** The images whose log carries {@code v}. */
    private List<String> owning(Vertex v) {
        return v.names.keySet().stream().filter(image -> logs(v, image)).toList();
    }

    private void announce(Vertex v, String image) {
        if (v.announced.add(image)) {
            write(image, "#" + v.number + " " + v.names.get(image));
        }
    }

    /** Whether {@code image}'s log carries {@code v}: the image owns it, and is the one this bake is for. */
    private boolean logs(Vertex v, String image) {
        return only.map(image::equals).orElse(true) && owners(v).contains(image)
                && claims.getOrDefault(v.digest, image).equals(image);
    }

    private void write(String image, String line) {
        Deque<String> tail = tails.computeIfAbsent(image, k -> new ArrayDeque<>());
        tail.addLast(line);
        if (tail.size() > TAIL) {
            tail.removeFirst();
        }
        try {
            BufferedWriter w = logs.get(image);
            if (w == null) {
                Path file = logFile(logDir, image);
                Files.createDirectories(file.getParent());
                w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                logs.put(image, w);
            }
            w.write(line);
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log of " + image, e);
        }
        listener.line(image, line);
    }

    /** Appends {@code line} to the image's log (cip's own notes: attempts, retries). */
    synchronized void note(String image, String line) {
        write(image, "### cip " + Instant.now() + " " + line);
    }

    static Path logFile(Path logDir, String image) {
        return logDir.resolve(image + ".log");
    }

    /** The last lines of the image's log. */
    synchronized List<String> tail(String image) {
        return List.copyOf(tails.getOrDefault(image, new ArrayDeque<>()));
    }

    /** Acts on every event left, then flushes and closes the logs. */
    synchronized void close() {
        settleAll();
        for (Map.Entry<String, BufferedWriter> e : logs.entrySet()) {
            try {
                e.getValue().close();
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot write the log of " + e.getKey(), ex);
            }
        }
        logs.clear();
    }

    /** The images whose own steps started, by what is known now of whose each step is. */
    synchronized Set<String> startedImages() {
        Set<String> images = new LinkedHashSet<>();
        for (Vertex v : vertices.values()) {
            if (v.started != null && isStep(v.name)) {
                owners(v).stream().filter(image -> logs(v, image)).forEach(images::add);
            }
        }
        return images;
    }

    /** Whether a step of the image's own (a build step, its export or push) is running now. */
    synchronized boolean running(String image) {
        return vertices.values().stream().anyMatch(v -> v.started != null && v.completed == null && v.error == null
                && isStep(v.name) && logs(v, image));
    }

    /** Whether a build step of the image's own (not its export or push, which no other session can share) runs now. */
    synchronized boolean buildStepRunning(String image) {
        return vertices.values().stream().anyMatch(v -> v.started != null && v.completed == null && v.error == null
                && isStep(v.name) && !isExportOrPush(v.name) && logs(v, image));
    }

    /**
     * The images BuildKit reported an error in (cancellations aside), each with its first error; an error on a
     * vertex an image shares with an in-run ancestor that also reports it is the ancestor's.
     */
    synchronized Map<String, String> failures() {
        // When one target fails on a build step, BuildKit cancels the solve and may end other targets' exports and
        // pushes with that error or with one of its own ("error writing data blob … EOF"): those images did not fail,
        // the solve around them did. They are solved again (keep going) or not started; a real push failure shows
        // again when they are.
        boolean aStepFailed = vertices.values().stream().anyMatch(v -> v.error != null && !isCancellation(v.error)
                && !isExportOrPush(v.name));
        Map<String, String> errors = new LinkedHashMap<>();
        for (Vertex v : vertices.values()) {
            if (v.error == null || isCancellation(v.error)) {
                continue;
            }
            if (aStepFailed && isExportOrPush(v.name)) {
                continue;
            }
            for (String image : owners(v)) {
                errors.putIfAbsent(image, v.error);
            }
        }
        // Only the most upstream failures: a child failing on its parent's step is blocked, not failed.
        Map<String, String> minimal = new LinkedHashMap<>();
        errors.forEach((image, error) -> {
            if (ancestors.apply(image).stream().noneMatch(errors::containsKey)) {
                minimal.put(image, error);
            }
        });
        return minimal;
    }

    private static final java.util.regex.Pattern EXPORT_OR_PUSH =
            java.util.regex.Pattern.compile("^\\[[^\\]]*\\] (exporting|pushing|writing image|naming to) .*");

    static boolean isExportOrPush(String vertexName) {
        return vertexName != null && EXPORT_OR_PUSH.matcher(vertexName).matches();
    }

    static boolean isCancellation(String error) {
        String e = error.toLowerCase(java.util.Locale.ROOT);
        return e.contains("context canceled") || e.contains("code = canceled");
    }

    /** The images a vertex belongs to: of the targets that named it, those with no ancestor among them. */
    private Set<String> owners(Vertex v) {
        Set<String> owners = new LinkedHashSet<>();
        for (String image : v.names.keySet()) {
            if (ancestors.apply(image).stream().noneMatch(v.names.keySet()::contains)) {
                owners.add(image);
            }
        }
        return owners;
    }

    /** When the image's first own step started and its last one completed, by BuildKit's clock. */
    synchronized Optional<Instant> start(String image) {
        return vertices.values().stream().filter(v -> v.started != null && owners(v).contains(image)
                && isStep(v.name)).map(v -> v.started).min(Instant::compareTo);
    }

    synchronized Optional<Instant> end(String image) {
        return vertices.values().stream().filter(v -> v.completed != null && owners(v).contains(image))
                .map(v -> v.completed).max(Instant::compareTo);
    }

    private static Instant time(JsonNode node, String field) {
        String t = node.path(field).asText("");
        if (t.isEmpty() || t.startsWith("0001-")) {
            return null;
        }
        try {
            return Instant.parse(t);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** All images of the definition that reported anything, for tests. */
    List<String> images() {
        return new ArrayList<>(tails.keySet());
    }
}
