package dev.cip.dockerfile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where a reference's tag and digest are written literally (see {@link ImageReference.Site}): in the
 * reference's own word, or in the default of the global {@code ARG} it expands, whole ({@code FROM $BASE}) or as its
 * tag ({@code FROM ${REGISTRY}/base:${BASE_TAG}}). Anything else (a tag built from several variables, a word split by
 * a line continuation, a quoted value with escapes) has no site, and the tools that edit references refuse it.
 */
final class LiteralSites {
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*))");

    /** A global {@code ARG}'s default as written; {@code valueStart} is its offset in the file. */
    private record ArgDefault(String name, int line, String value, int valueStart, boolean editable) {
    }

    /** A reference whose tag is one variable: {@code name:${TAG}} or {@code name:$TAG}. */
    private static final Pattern TAG_VARIABLE = Pattern.compile(
            "[^@]*[^/@]:\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*))");

    private final Map<String, ArgDefault> defaults;
    private final Set<String> overridden;

    private LiteralSites(Map<String, ArgDefault> defaults, Set<String> overridden) {
        this.defaults = defaults;
        this.overridden = overridden;
    }

    /** The sites of {@code dockerfile}, whose global ARGs named in {@code buildArgs} are set by the build. */
    static LiteralSites of(ParsedDockerfile dockerfile, Set<String> buildArgs) {
        Map<String, ArgDefault> defaults = new LinkedHashMap<>();
        for (Instruction ins : dockerfile.globalArgInstructions()) {
            for (Token t : ins.args()) {
                int eq = t.text().indexOf('=');
                if (eq < 0) {
                    continue; // a declaration without a default keeps the earlier default
                }
                String name = t.text().substring(0, eq);
                String value = t.text().substring(eq + 1);
                int start = t.start() + eq + 1;
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                    start++;
                }
                boolean editable = t.contiguous() && value.indexOf('"') < 0 && value.indexOf('\'') < 0
                        && value.indexOf(dockerfile.escape()) < 0;
                defaults.put(name, new ArgDefault(name, ins.line(), value, start, editable));
            }
        }
        return new LiteralSites(defaults, Set.copyOf(buildArgs));
    }

    /** The site of the reference {@code raw} written at {@code rawStart} on {@code line}. */
    Optional<ImageReference.Site> site(String raw, int rawStart, boolean contiguous, int line) {
        Optional<ArgDefault> whole = variable(raw).map(defaults::get);
        if (whole.isPresent()) {
            ArgDefault arg = whole.get();
            return arg.editable() ? literal(arg.value(), arg.valueStart(), arg.line(), Optional.of(arg))
                    : Optional.empty();
        }
        if (!contiguous) {
            return Optional.empty();
        }
        Matcher tagVariable = TAG_VARIABLE.matcher(raw);
        if (tagVariable.matches()) {
            ArgDefault arg = defaults.get(tagVariable.group(1) != null ? tagVariable.group(1) : tagVariable.group(2));
            if (arg == null || !arg.editable() || arg.value().contains("$") || arg.value().isEmpty()) {
                return Optional.empty();
            }
            // the ARG holds "tag" or "tag@digest"
            return literal(":" + arg.value(), arg.valueStart() - 1, arg.line(), Optional.of(arg));
        }
        return literal(raw, rawStart, line, Optional.empty());
    }

    /** {@code text} at {@code offset}, read as {@code name[:tag][@digest]} with tag and digest free of variables. */
    private Optional<ImageReference.Site> literal(String text, int offset, int line, Optional<ArgDefault> arg) {
        int at = text.indexOf('@');
        String beforeDigest = at < 0 ? text : text.substring(0, at);
        Optional<ImageReference.Span> digest = Optional.empty();
        if (at >= 0) {
            String d = text.substring(at + 1);
            if (d.isEmpty() || d.contains("$")) {
                return Optional.empty();
            }
            digest = Optional.of(new ImageReference.Span(offset + at + 1, offset + text.length()));
        }
        Optional<ImageReference.Span> tag = Optional.empty();
        int colon = tagColon(beforeDigest);
        if (colon >= 0) {
            String t = beforeDigest.substring(colon + 1);
            if (t.isEmpty() || t.contains("$")) {
                return Optional.empty();
            }
            tag = Optional.of(new ImageReference.Span(offset + colon + 1, offset + beforeDigest.length()));
        } else if (beforeDigest.isEmpty() || beforeDigest.substring(beforeDigest.lastIndexOf('/') + 1).contains("$")) {
            return Optional.empty(); // the name ends in a variable, which may hold a tag
        }
        return Optional.of(new ImageReference.Site(line, arg.map(ArgDefault::name),
                arg.isPresent() && overridden.contains(arg.get().name()), tag, digest,
                offset + beforeDigest.length()));
    }

    /** The index of the {@code :} before a tag in {@code name[:tag]}, or -1. */
    private static int tagColon(String s) {
        int colon = s.lastIndexOf(':');
        return colon > s.lastIndexOf('/') && colon > s.lastIndexOf('}') ? colon : -1;
    }

    /** The variable name when {@code s} is exactly {@code $NAME} or {@code ${NAME}}. */
    private static Optional<String> variable(String s) {
        Matcher m = VARIABLE.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
    }
}
