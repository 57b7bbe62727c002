package dev.cip.dockerfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the image references of a parsed Dockerfile: every {@code FROM}, {@code COPY --from=} / {@code ADD --from=}
 * and {@code RUN --mount=…,from=} that names an image rather than a build stage. Variables are expanded from the
 * {@code ARG}s declared before the first {@code FROM} and from the build arguments given.
 */
public final class ReferenceExtractor {

    public List<ImageReference> extract(ParsedDockerfile dockerfile, Map<String, String> buildArgs) {
        Map<String, String> vars = globalArgs(dockerfile, buildArgs);
        LiteralSites sites = LiteralSites.of(dockerfile, buildArgs.keySet());
        Set<String> stages = new LinkedHashSet<>();
        List<ImageReference> refs = new ArrayList<>();
        char escape = dockerfile.escape();
        boolean seenFrom = false;
        for (Instruction ins : dockerfile.instructions()) {
            switch (ins.keyword()) {
                case "FROM" -> {
                    seenFrom = true;
                    List<Token> words = withoutFlags(ins.args());
                    if (words.isEmpty()) {
                        continue;
                    }
                    Token image = words.get(0);
                    reference(ImageReference.Kind.FROM, ins, image, 0, vars, stages, escape, sites)
                            .ifPresent(refs::add);
                    if (words.size() >= 3 && words.get(1).text().equalsIgnoreCase("AS")) {
                        stages.add(words.get(2).text().toLowerCase(Locale.ROOT));
                    }
                }
                case "COPY", "ADD" -> {
                    for (Token t : ins.args()) {
                        if (!t.text().startsWith("--")) {
                            break;
                        }
                        if (t.text().startsWith("--from=")) {
                            reference(ImageReference.Kind.COPY_FROM, ins, t, "--from=".length(), vars, stages,
                                    escape, sites)
                                    .ifPresent(refs::add);
                        }
                    }
                }
                case "RUN" -> {
                    for (Token t : ins.args()) {
                        if (!t.text().startsWith("--")) {
                            break;
                        }
                        if (t.text().startsWith("--mount=")) {
                            mountFrom(ins, t, vars, stages, escape, sites).ifPresent(refs::add);
                        }
                    }
                }
                default -> {
                    // other instructions cannot name images
                }
            }
        }
        if (!seenFrom) {
            return List.of();
        }
        return refs;
    }

    /** The ARGs declared before the first FROM, with their defaults overridden by the build arguments. */
    public Map<String, String> globalArgs(ParsedDockerfile dockerfile, Map<String, String> buildArgs) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (Instruction ins : dockerfile.instructions()) {
            if (ins.keyword().equals("FROM")) {
                break;
            }
            if (!ins.keyword().equals("ARG")) {
                continue;
            }
            for (Token t : ins.args()) {
                String word = t.text();
                int eq = word.indexOf('=');
                String name = eq < 0 ? word : word.substring(0, eq);
                if (buildArgs.containsKey(name)) {
                    vars.put(name, buildArgs.get(name));
                } else if (eq >= 0) {
                    String value = unquote(word.substring(eq + 1));
                    vars.put(name, Substitution.expand(value, vars, dockerfile.escape(), new LinkedHashSet<>()));
                }
            }
        }
        // Build arguments the builder passes are visible to FROM only when declared; cip always declares REGISTRY's
        // meaning, so undeclared ones still help resolve references written without the ARG line.
        Map<String, String> all = new HashMap<>(buildArgs);
        all.putAll(vars);
        return all;
    }

    private static Optional<ImageReference> mountFrom(Instruction ins, Token t, Map<String, String> vars,
                                                      Set<String> stages, char escape, LiteralSites sites) {
        String value = t.text().substring("--mount=".length());
        int offset = "--mount=".length();
        for (String part : value.split(",", -1)) {
            if (part.startsWith("from=")) {
                return reference(ImageReference.Kind.MOUNT_FROM, ins, t, offset + "from=".length(), vars, stages,
                        part.substring("from=".length()), escape, sites);
            }
            offset += part.length() + 1;
        }
        return Optional.empty();
    }

    private static Optional<ImageReference> reference(ImageReference.Kind kind, Instruction ins, Token t, int skip,
                                                      Map<String, String> vars, Set<String> stages, char escape,
                                                      LiteralSites sites) {
        return reference(kind, ins, t, skip, vars, stages, t.text().substring(skip), escape, sites);
    }

    private static Optional<ImageReference> reference(ImageReference.Kind kind, Instruction ins, Token t, int skip,
                                                      Map<String, String> vars, Set<String> stages, String raw,
                                                      char escape, LiteralSites sites) {
        Set<String> unresolved = new LinkedHashSet<>();
        String resolved = Substitution.expand(raw, vars, escape, unresolved);
        String lower = resolved.toLowerCase(Locale.ROOT);
        if (resolved.isEmpty() || lower.equals("scratch") || stages.contains(lower)) {
            return Optional.empty();
        }
        if (kind != ImageReference.Kind.FROM && resolved.chars().allMatch(Character::isDigit)) {
            return Optional.empty(); // a stage index
        }
        int rawStart = t.start() + skip;
        Optional<ImageReference.Site> site = sites.site(raw, rawStart, t.contiguous(), ins.line());
        return Optional.of(new ImageReference(kind, ins.line(), raw, resolved, rawStart, site,
                List.copyOf(unresolved)));
    }

    private static List<Token> withoutFlags(List<Token> args) {
        int k = 0;
        while (k < args.size() && args.get(k).text().startsWith("--")) {
            k++;
        }
        return args.subList(k, args.size());
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
