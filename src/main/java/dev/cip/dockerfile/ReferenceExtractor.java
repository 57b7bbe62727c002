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
 * {@code ARG}s declared before the first {@code FROM} and from the build arguments given; all expansions of one
 * Dockerfile share one {@link Substitution.Budget}, and a refusal names the instruction's line.
 */
public final class ReferenceExtractor {

    /**
     * The image references of {@code dockerfile}.
     *
     * @throws ExpansionTooLargeException when a variable expansion goes over the limits of {@link Substitution}
     */
    public List<ImageReference> extract(ParsedDockerfile dockerfile, Map<String, String> buildArgs) {
        Substitution.Budget budget = new Substitution.Budget();
        Map<String, String> vars = globalArgs(dockerfile, buildArgs, budget);
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
                    reference(ImageReference.Kind.FROM, ins, image, 0, vars, stages, escape, sites, budget)
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
                                    escape, sites, budget)
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
                            mountFrom(ins, t, vars, stages, escape, sites, budget).ifPresent(refs::add);
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

    /**
     * Why the variable expansions of {@code dockerfile} with {@code buildArgs} cannot be done (too large), with the
     * line; empty when they can.
     */
    public Optional<ParsedDockerfile.SyntaxProblem> expansionProblem(ParsedDockerfile dockerfile,
                                                                              Map<String, String> buildArgs) {
        try {
            extract(dockerfile, buildArgs);
            return Optional.empty();
        } catch (ExpansionTooLargeException e) {
            return Optional.of(new ParsedDockerfile.SyntaxProblem(e.line(), e.getMessage()));
        }
    }

    /**
     * The ARGs declared before the first FROM, with their defaults overridden by the build arguments.
     *
     * @throws ExpansionTooLargeException when a default expands beyond the limits of {@link Substitution}
     */
    public Map<String, String> globalArgs(ParsedDockerfile dockerfile, Map<String, String> buildArgs) {
        return globalArgs(dockerfile, buildArgs, new Substitution.Budget());
    }

    private static Map<String, String> globalArgs(ParsedDockerfile dockerfile, Map<String, String> buildArgs,
                                                  Substitution.Budget budget) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (Instruction ins : dockerfile.globalArgInstructions()) {
            for (Token t : ins.args()) {
                String word = t.text();
                int eq = word.indexOf('=');
                String name = eq < 0 ? word : word.substring(0, eq);
                if (buildArgs.containsKey(name)) {
                    vars.put(name, buildArgs.get(name));
                } else if (eq >= 0) {
                    String value = unquote(word.substring(eq + 1));
                    vars.put(name, expand(ins, value, vars, dockerfile.escape(), new LinkedHashSet<>(), budget));
                }
            }
        }
        // Build arguments the builder passes are visible to FROM only when declared; cip always declares REGISTRY's
        // meaning, so undeclared ones still help resolve references written without the ARG line.
        Map<String, String> all = new HashMap<>(buildArgs);
        all.putAll(vars);
        return all;
    }

    private static String expand(Instruction ins, String text, Map<String, String> vars, char escape,
                                 Set<String> unresolved, Substitution.Budget budget) {
        try {
            return Substitution.expand(text, vars, escape, unresolved, budget);
        } catch (ExpansionTooLargeException e) {
            throw e.at(ins.line(), ins.keyword());
        }
    }

    private static Optional<ImageReference> mountFrom(Instruction ins, Token t, Map<String, String> vars,
                                                      Set<String> stages, char escape, LiteralSites sites,
                                                      Substitution.Budget budget) {
        String value = t.text().substring("--mount=".length());
        int offset = "--mount=".length();
        for (String part : value.split(",", -1)) {
            if (part.startsWith("from=")) {
                return reference(ImageReference.Kind.MOUNT_FROM, ins, t, offset + "from=".length(), vars, stages,
                        part.substring("from=".length()), escape, sites, budget);
            }
            offset += part.length() + 1;
        }
        return Optional.empty();
    }

    private static Optional<ImageReference> reference(ImageReference.Kind kind, Instruction ins, Token t, int skip,
                                                      Map<String, String> vars, Set<String> stages, char escape,
                                                      LiteralSites sites, Substitution.Budget budget) {
        return reference(kind, ins, t, skip, vars, stages, t.text().substring(skip), escape, sites, budget);
    }

    private static Optional<ImageReference> reference(ImageReference.Kind kind, Instruction ins, Token t, int skip,
                                                      Map<String, String> vars, Set<String> stages, String raw,
                                                      char escape, LiteralSites sites, Substitution.Budget budget) {
        Set<String> unresolved = new LinkedHashSet<>();
        String resolved = expand(ins, raw, vars, escape, unresolved, budget);
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
