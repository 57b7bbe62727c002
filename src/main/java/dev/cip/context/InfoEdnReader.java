package dev.cip.context;

import dev.cip.failure.InvalidSetting;
import dev.cip.files.TextFiles;
import dev.cip.oci.Platform;
import us.bpsm.edn.EdnException;
import us.bpsm.edn.EdnSyntaxException;
import us.bpsm.edn.Keyword;
import us.bpsm.edn.parser.CollectionBuilder;
import us.bpsm.edn.parser.Parseable;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/** Reads and validates {@code info.edn}; collects every problem of the file rather than stopping at the first. */
public final class InfoEdnReader {
    static final Keyword VERSION = Keyword.newKeyword("version");
    static final Keyword PLATFORMS = Keyword.newKeyword("platforms");
    static final Keyword BUILD_ARGS = Keyword.newKeyword("build-args");
    static final Keyword TAGS = Keyword.newKeyword("tags");
    /** edn-java's default maps are HashMaps; keep file order so that build args and warnings follow the file. */
    private static final Parser.Config CONFIG = Parsers.newParserConfigBuilder()
            .setMapFactory(OrderedMapBuilder::new)
            .build();

    /** The result of reading one file: the info when valid, otherwise the problems. */
    public record Reading(Optional<ImageInfo> info, List<Problem> problems) {
        public Reading {
            problems = List.copyOf(problems);
        }
    }

    /** Collections nested deeper than this are refused (edn-java's parser is recursive). */
    public static final int MAX_DEPTH = 100;
    /** More {@code #} forms (tags, discards, sets) than this in one file are refused: each can be a recursion. */
    public static final int MAX_PREFIXES = 100;
    /** Numbers longer than this are refused (edn-java converts big integers in quadratic time). */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** Larger files are refused before they are read. */
    public static final long MAX_FILE_SIZE = 1 << 20;

    public Reading read(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_SIZE) {
                return failed(Problem.at(file, "is larger than 1 MiB; an info.edn holds a small map such as"
                        + " {:version \"1.0.0\"}"));
            }
            text = TextFiles.readUtf8(file);
        } catch (CharacterCodingException e) {
            return failed(Problem.at(file, "is not valid UTF-8; save it as UTF-8"));
        } catch (IOException e) {
            return failed(Problem.at(file, "cannot be read: " + e.getMessage()));
        }
        return parse(file, text);
    }

    /** Parses {@code text} as the contents of {@code file} (used for messages only). */
    public Reading parse(Path file, String text) {
        // A UTF-8 byte order mark (some Windows editors write one) is not EDN whitespace for edn-java.
        String body = TextFiles.withoutByteOrderMark(text);
        EdnScan scan = EdnScan.of(file, body);
        if (scan.tooBig().isPresent()) {
            return failed(scan.tooBig().get());
        }
        LineCountingParseable input = new LineCountingParseable(body);
        Parser parser = Parsers.newParser(CONFIG);
        Object value;
        try {
            value = parser.nextValue(input);
            if (value == Parser.END_OF_INPUT) {
                return failed(Problem.at(file, "is empty; it must hold one EDN map such as {:version \"1.0.0\"}"));
            }
            int endOfMap = input.line();
            Object more = parser.nextValue(input);
            if (more != Parser.END_OF_INPUT) {
                return failed(Problem.at(file, endOfMap,
                        "holds more than one EDN value; it must hold exactly one map such as {:version \"1.0.0\"}"));
            }
        } catch (EdnException | IllegalArgumentException | IllegalStateException e) {
            return failed(Problem.at(file, input.line(), "is not valid EDN: " + describe(e)));
        }
        if (!(value instanceof Map<?, ?> map)) {
            return failed(Problem.at(file, "must hold an EDN map such as {:version \"1.0.0\"}, not "
                    + describeType(value)));
        }
        return validate(file, map, scan.keyLines());
    }

    /**
     * The first bound of the parser that {@code text} goes over, with its line (see {@link EdnScan}): with these
     * bounds no input recurses more than {@link #MAX_DEPTH} + {@link #MAX_PREFIXES} levels deep in edn-java.
     */
    static Optional<Problem> bounds(Path file, String text) {
        return EdnScan.of(file, text).tooBig();
    }

    private Reading validate(Path file, Map<?, ?> map, Map<String, Integer> keyLines) {
        List<Problem> problems = new ArrayList<>();
        Set<String> unknown = new LinkedHashSet<>();
        List<String> known = List.of(VERSION.toString(), PLATFORMS.toString(), BUILD_ARGS.toString(), TAGS.toString());
        Set<String> nearMisses = new LinkedHashSet<>();
        for (Object key : map.keySet()) {
            if (!VERSION.equals(key) && !PLATFORMS.equals(key) && !BUILD_ARGS.equals(key) && !TAGS.equals(key)) {
                String name = String.valueOf(key);
                Optional<String> meant = key instanceof Keyword ? DidYouMean.closest(name, known).filter(
                        m -> !map.containsKey(Keyword.newKeyword(m.substring(1)))) : Optional.empty();
                if (meant.isPresent()) {
                    nearMisses.add(meant.get());
                    problems.add(Problem.at(file, keyLines.getOrDefault(name, 0), name + " is not a key of info.edn;"
                            + " did you mean " + meant.get() + "?"));
                } else {
                    unknown.add(name);
                }
            }
        }
        Function<Keyword, Integer> lineOf = key -> keyLines.getOrDefault(key.toString(), 0);
        String version = null;
        Object rawVersion = map.get(VERSION);
        if (rawVersion == null) {
            if (!nearMisses.contains(VERSION.toString())) {
                problems.add(Problem.at(file, "has no :version; add one, e.g. {:version \"1.0.0\"}"));
            }
        } else if (!(rawVersion instanceof String s)) {
            problems.add(Problem.at(file, lineOf.apply(VERSION), ":version must be a string such as \"1.0.0\", not " + describeType(rawVersion)));
        } else if (!Validation.isTag(s)) {
            problems.add(Problem.at(file, lineOf.apply(VERSION), ":version \"" + s + "\" is not a valid image tag: " + Validation.tagRule()));
        } else {
            version = s;
        }

        Optional<List<Platform>> platforms = Optional.empty();
        if (map.containsKey(PLATFORMS)) {
            Optional<List<?>> vector = vector(file, lineOf.apply(PLATFORMS), ":platforms", map.get(PLATFORMS),
                    "linux/amd64", problems);
            if (vector.isPresent() && vector.get().isEmpty()) {
                problems.add(Problem.at(file, lineOf.apply(PLATFORMS), ":platforms is empty; remove it to use the default platforms"));
            } else if (vector.isPresent()) {
                List<?> list = vector.get();
                List<Platform> values = new ArrayList<>();
                for (Object p : list) {
                    if (!(p instanceof String s)) {
                        problems.add(Problem.at(file, lineOf.apply(PLATFORMS), ":platforms holds " + show(p)
                                + ", which is not a platform of the form \"os/arch\" or \"os/arch/variant\""));
                        continue;
                    }
                    Platform platform;
                    try {
                        platform = Platform.parse(s);
                    } catch (InvalidSetting e) {
                        problems.add(Problem.at(file, lineOf.apply(PLATFORMS), ":platforms: " + e.getMessage()));
                        continue;
                    }
                    if (values.contains(platform)) {
                        problems.add(Problem.at(file, lineOf.apply(PLATFORMS), ":platforms names " + platform + " twice (\"" + s
                                + "\" is " + platform + ")"));
                    } else {
                        values.add(platform);
                    }
                }
                platforms = Optional.of(List.copyOf(new TreeSet<>(values)));
            }
        }

        Map<String, String> buildArgs = new LinkedHashMap<>();
        if (map.containsKey(BUILD_ARGS)) {
            Object raw = map.get(BUILD_ARGS);
            if (!(raw instanceof Map<?, ?> args)) {
                problems.add(Problem.at(file, lineOf.apply(BUILD_ARGS), ":build-args must be a map of strings such as {\"KEY\" \"value\"}, not "
                        + describeType(raw)));
            } else {
                for (Map.Entry<?, ?> e : args.entrySet()) {
                    if (!(e.getKey() instanceof String k) || !Validation.isArgName(k)) {
                        problems.add(Problem.at(file, lineOf.apply(BUILD_ARGS), ":build-args key " + show(e.getKey())
                                + " is not a string naming a build argument (letters, digits and '_')"));
                    } else if (!(e.getValue() instanceof String v)) {
                        problems.add(Problem.at(file, lineOf.apply(BUILD_ARGS), ":build-args value of \"" + k + "\" must be a string, not "
                                + describeType(e.getValue())));
                    } else {
                        buildArgs.put(k, v);
                    }
                }
            }
        }

        List<String> tags = new ArrayList<>();
        if (map.containsKey(TAGS)) {
            Optional<List<?>> vector = vector(file, lineOf.apply(TAGS), ":tags", map.get(TAGS), "stable", problems);
            if (vector.isPresent()) {
                for (Object t : vector.get()) {
                    if (!(t instanceof String s)) {
                        problems.add(Problem.at(file, lineOf.apply(TAGS), ":tags holds " + show(t) + ", which is not a string"));
                        continue;
                    }
                    Optional<String> problem = Validation.extraTagProblem(s);
                    if (problem.isPresent()) {
                        problems.add(Problem.at(file, lineOf.apply(TAGS), ":tags: " + problem.get()));
                    } else if (s.equals(version)) {
                        problems.add(Problem.at(file, lineOf.apply(TAGS), ":tags holds \"" + s + "\", the :version itself; leave it out"));
                    } else if (tags.contains(s)) {
                        problems.add(Problem.at(file, lineOf.apply(TAGS), ":tags names \"" + s + "\" twice"));
                    } else {
                        tags.add(s);
                    }
                }
            }
        }

        if (!problems.isEmpty()) {
            return new Reading(Optional.empty(), problems);
        }
        return new Reading(Optional.of(new ImageInfo(version, platforms, buildArgs, unknown, tags)), List.of());
    }

    private static Reading failed(Problem problem) {
        return new Reading(Optional.empty(), List.of(problem));
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String show(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value) + " (" + describeType(value) + ")";
    }

    /** The value of {@code key} when it is a vector (EDN list or vector); otherwise a problem, and empty. */
    private static Optional<List<?>> vector(Path file, int line, String key, Object raw, String example,
                                            List<Problem> problems) {
        if (raw instanceof String s) {
            problems.add(Problem.at(file, line, key + " must be a vector of strings such as [\"" + s + "\"], not the "
                    + "string \"" + s + "\""));
            return Optional.empty();
        }
        if (!(raw instanceof List<?> list)) {
            problems.add(Problem.at(file, line, key + " must be a vector of strings such as [\"" + example + "\"], not "
                    + describeType(raw)));
            return Optional.empty();
        }
        return Optional.of(list);
    }

    static String describeType(Object value) {
        if (value == null) {
            return "nil";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Map) {
            return "a map";
        }
        if (value instanceof List) {
            return "a vector or list";
        }
        if (value instanceof Set) {
            return "a set";
        }
        if (value instanceof Number) {
            return "a number (" + value + ")";
        }
        if (value instanceof Keyword) {
            return "a keyword (" + value + ")";
        }
        if (value instanceof Boolean) {
            return "a boolean (" + value + ")";
        }
        return "a " + value.getClass().getSimpleName();
    }

    /** Builds EDN maps in file order, rejecting duplicate keys and odd counts as edn-java's default does. */
    private static final class OrderedMapBuilder implements CollectionBuilder {
        private final Map<Object, Object> map = new LinkedHashMap<>();
        private Object key;
        private boolean haveKey;

        @Override
        public void add(Object o) {
            if (!haveKey) {
                key = o;
                haveKey = true;
                return;
            }
            if (map.containsKey(key)) {
                throw new EdnSyntaxException("the map holds the key " + key + " twice");
            }
            map.put(key, o);
            haveKey = false;
        }

        @Override
        public Object build() {
            if (haveKey) {
                throw new EdnSyntaxException("the map has a key without a value (" + key + ")");
            }
            return Collections.unmodifiableMap(map);
        }
    }

    /** Tracks the line of the last character handed to the parser, so syntax errors can name it. */
    private static final class LineCountingParseable implements Parseable {
        private final CharSequence text;
        private int position;
        private int line = 1;

        LineCountingParseable(CharSequence text) {
            this.text = text;
        }

        @Override
        public int read() {
            if (position >= text.length()) {
                position++; // so that unread of END_OF_INPUT stays symmetrical
                return END_OF_INPUT;
            }
            char c = text.charAt(position++);
            if (c == '\n') {
                line++;
            }
            return c;
        }

        @Override
        public void unread(int ch) {
            position--;
            if (ch == '\n') {
                line--;
            }
        }

        @Override
        public void close() {
        }

        int line() {
            return line;
        }
    }
}
