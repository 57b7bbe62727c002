package dev.cip.maven;

import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptorBuilder;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CI templates under {@code examples/ci/} run as written, as far as can be checked without a CI service: each
 * parses as YAML, uses only goals and {@code cip.*} properties the plugin has, runs a Maven of at least 3.9 (cip's
 * prerequisite), and its cip commands are the ones README shows; the templates README includes are included verbatim.
 */
class CiTemplatesTest {
    private static final Path TEMPLATES = Path.of("examples/ci");
    private static final Path README = Path.of("README.md");
    /** README includes a template as {@code <!-- examples/ci/NAME -->}, then a fenced yaml block with its text. */
    private static final Pattern INCLUDED = Pattern.compile(
            "<!-- (examples/ci/[^ ]+) -->\\n```yaml\\n(.*?)```\\n", Pattern.DOTALL);
    private static final Pattern PROPERTY = Pattern.compile("-D(cip\\.[A-Za-z0-9_.]+?)(?=[=\\s\"']|$)",
            Pattern.MULTILINE);
    private static final Pattern GOAL = Pattern.compile("(?<![\\w.-])cip:([a-z-]+)");
    private static final Pattern MAVEN_IMAGE = Pattern.compile("\\bmaven:(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Pattern MAVEN_COMMAND = Pattern.compile("(?:^|[\\s|;&(])(?:\\./)?mvnw? ");

    private static List<Path> templates() throws IOException {
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            List<Path> all = files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                    .sorted().toList();
            assertTrue(all.size() >= 2, "templates in " + TEMPLATES + ": " + all);
            return all;
        }
    }

    private static PluginDescriptor descriptor() throws Exception {
        try (Reader r = Files.newBufferedReader(Path.of("target/classes/META-INF/maven/plugin.xml"))) {
            return new PluginDescriptorBuilder().build(r);
        }
    }

    @Test
    void everyTemplateParsesAsYaml() throws Exception {
        for (Path template : templates()) {
            Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(template));
            Map<?, ?> top = assertInstanceOf(Map.class, document, template + " is not a YAML mapping");
            assertFalse(top.isEmpty(), template.toString());
        }
    }

    @Test
    void everyGoalAndPropertyATemplateUsesExists() throws Exception {
        PluginDescriptor plugin = descriptor();
        Set<String> goals = plugin.getMojos().stream().map(MojoDescriptor::getGoal).collect(Collectors.toSet());
        Set<String> known = KnownProperties.of(plugin);
        for (Path template : templates()) {
            String text = Files.readString(template);
            Set<String> unknown = new TreeSet<>();
            Matcher p = PROPERTY.matcher(text);
            while (p.find()) {
                String property = p.group(1);
                if (!known.contains(property) && KnownProperties.PREFIXES.stream().noneMatch(property::startsWith)) {
                    unknown.add(property);
                }
            }
            Matcher g = GOAL.matcher(text);
            while (g.find()) {
                if (!goals.contains(g.group(1))) {
                    unknown.add("cip:" + g.group(1));
                }
            }
            assertTrue(unknown.isEmpty(), template + " uses what the plugin does not have: " + unknown);
        }
    }

    @Test
    void everyTemplateRunsMavenThreeNineOrNewer() throws Exception {
        for (Path template : templates()) {
            String text = Files.readString(template);
            if (!MAVEN_COMMAND.matcher(text).find()) {
                continue;
            }
            Matcher image = MAVEN_IMAGE.matcher(text);
            List<String> versions = new ArrayList<>();
            while (image.find()) {
                int major = Integer.parseInt(image.group(1));
                int minor = Integer.parseInt(image.group(2));
                versions.add(image.group(0));
                assertTrue(major > 3 || major == 3 && minor >= 9,
                        template + " runs " + image.group(0) + ", but cip needs Maven 3.9 or newer");
            }
            assertFalse(versions.isEmpty(), template + " runs mvn without pinning a Maven image of 3.9 or newer"
                    + " (a runner's or distribution's own Maven may be 3.8, which cip refuses)");
        }
    }

    @Test
    void readmeIncludesTheTemplatesVerbatimAndShowsTheirCommands() throws Exception {
        String readme = Files.readString(README);
        Matcher included = INCLUDED.matcher(readme);
        Set<String> seen = new TreeSet<>();
        while (included.find()) {
            Path file = Path.of(included.group(1));
            assertTrue(Files.isRegularFile(file), "README includes " + file + ", which does not exist");
            assertEquals(Files.readString(file), included.group(2),
                    "README's copy of " + file + " differs from the file: paste the file into README again");
            seen.add(file.toString());
        }
        assertTrue(seen.containsAll(Set.of("examples/ci/github-actions.yml", "examples/ci/gitlab-ci.yml")),
                "README must include both pipeline templates verbatim; it includes " + seen);
        for (Path template : templates()) {
            for (String line : Files.readString(template).lines().toList()) {
                String command = line.strip().replaceFirst("^(?:- |run: )", "");
                if (command.startsWith("mvn ") && command.contains("cip:")) {
                    assertTrue(readme.contains(command),
                            template + " runs a cip command README does not show: " + command);
                }
            }
        }
    }
}
