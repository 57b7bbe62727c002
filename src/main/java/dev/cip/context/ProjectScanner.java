package dev.cip.context;

import dev.cip.dockerfile.DockerfileParser;
import dev.cip.dockerfile.ParsedDockerfile;
import dev.cip.dockerfile.ReferenceExtractor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Discovers and validates the contexts of a project directory. Every context is read and every problem collected
 * before anything is reported, so a user sees all that is wrong at once.
 */
public final class ProjectScanner {
    public static final String CONTEXTS = "contexts";
    public static final String DOCKERFILE = "Dockerfile";
    public static final String INFO_EDN = "info.edn";
    private static final Pattern PREFIX = Pattern.compile("^([0-9]+)-(.*)$");

    private final InfoEdnReader infoReader = new InfoEdnReader();
    private final DockerfileParser dockerfileParser = new DockerfileParser();
    private final ReferenceExtractor referenceExtractor = new ReferenceExtractor();

    /**
     * Reads every context of {@code projectDir}.
     *
     * @throws InvalidProjectException listing every problem, when there is any
     */
    public Project scan(Path projectDir) {
        Path contextsDir = projectDir.resolve(CONTEXTS);
        if (!Files.isDirectory(contextsDir)) {
            throw new InvalidProjectException(Problem.at(contextsDir,
                    "does not exist; cip expects one sub-directory per image under " + contextsDir)
                    .fixedBy(Setting.PROJECT_DIR, "to the directory that holds contexts/"));
        }
        List<Path> dirs;
        try (Stream<Path> entries = Files.list(contextsDir)) {
            dirs = entries.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new InvalidProjectException(Problem.at(contextsDir, "cannot be listed: " + e.getMessage()));
        }
        if (dirs.isEmpty()) {
            throw new InvalidProjectException(Problem.at(contextsDir,
                    "holds no context directories; add one per image, e.g. contexts/00-base/{Dockerfile,info.edn}"));
        }

        List<Problem> problems = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        List<Context> contexts = new ArrayList<>();
        Map<String, Path> byName = new HashMap<>();
        for (Path dir : dirs) {
            Optional<Context> context = readContext(dir, problems, warnings);
            // Checked on the directory name, so a duplicate is reported even when a context is otherwise invalid.
            String imageName = imageName(dir.getFileName().toString());
            Path other = byName.putIfAbsent(imageName, dir);
            if (other != null) {
                problems.add(Problem.at(dir, "has the image name '" + imageName + "', as does " + other
                        + "; image names (directory names without the numeric prefix) must be unique"));
            } else {
                context.ifPresent(contexts::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidProjectException(problems);
        }
        return new Project(projectDir, contexts, warnings);
    }

    private static String imageName(String dirName) {
        Matcher m = PREFIX.matcher(dirName);
        return m.matches() ? m.group(2) : dirName;
    }

    private Optional<Context> readContext(Path dir, List<Problem> problems, List<Problem> warnings) {
        String dirName = dir.getFileName().toString();
        Matcher m = PREFIX.matcher(dirName);
        OptionalInt prefix = OptionalInt.empty();
        String imageName = dirName;
        if (m.matches()) {
            imageName = m.group(2);
            try {
                prefix = OptionalInt.of(Integer.parseInt(m.group(1)));
            } catch (NumberFormatException e) {
                problems.add(Problem.at(dir, "has a numeric prefix too large to be a build order"));
            }
        }
        int before = problems.size();
        if (!Validation.isImageName(imageName)) {
            problems.add(Problem.at(dir, "gives the image name '" + imageName + "', which is not a valid repository "
                    + "name: use lower-case letters and digits, separated by single '.', '_' or '-' "
                    + "(e.g. 01-base-dev)"));
        }

        Path dockerfilePath = dir.resolve(DOCKERFILE);
        ParsedDockerfile dockerfile = null;
        if (!Files.isRegularFile(dockerfilePath)) {
            problems.add(Problem.at(dockerfilePath, "is missing; every context needs a Dockerfile"));
        } else {
            try {
                String text = Files.readString(dockerfilePath, StandardCharsets.UTF_8);
                dockerfile = dockerfileParser.parse(text);
                for (ParsedDockerfile.SyntaxProblem p : dockerfile.problems()) {
                    problems.add(Problem.at(dockerfilePath, p.line(), p.message()));
                }
                if (dockerfile.instructions().stream().noneMatch(i -> i.keyword().equals("FROM"))) {
                    problems.add(Problem.at(dockerfilePath, "has no FROM instruction"));
                }
            } catch (IOException | UncheckedIOException e) {
                problems.add(Problem.at(dockerfilePath, "cannot be read as UTF-8 text: " + e.getMessage()));
            }
        }

        Path infoPath = dir.resolve(INFO_EDN);
        ImageInfo info = null;
        if (!Files.isRegularFile(infoPath)) {
            problems.add(Problem.at(infoPath, "is missing; every context needs an info.edn such as {:version \"1.0.0\"}"));
        } else {
            InfoEdnReader.Reading result = infoReader.read(infoPath);
            problems.addAll(result.problems());
            info = result.info().orElse(null);
            if (info != null && !info.unknownKeys().isEmpty()) {
                warnings.add(Problem.at(infoPath, "has keys cip does not use (kept as they are): "
                        + String.join(", ", info.unknownKeys())));
            }
        }
        if (dockerfile != null && info != null) {
            // Expanded here too, with the context's own build arguments, so that a runaway expansion is reported
            // with the project's other problems.
            referenceExtractor.expansionProblem(dockerfile, info.buildArgs())
                    .ifPresent(p -> problems.add(Problem.at(dockerfilePath, p.line(), p.message())));
        }
        if (problems.size() > before || info == null || dockerfile == null) {
            return Optional.empty();
        }
        return Optional.of(new Context(dirName, imageName, prefix, dir, info, dockerfile));
    }
}
