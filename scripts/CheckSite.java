import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the goal reference `mvn site` generated against the plugin descriptor: the overview page, the goals page
 * naming every goal, and one page per goal naming each of its parameters with its cip.* property and its default.
 * Usage (JDK 17 runs a single source file): java scripts/CheckSite.java [target directory]
 */
public class CheckSite {
    public static void main(String[] args) throws Exception {
        Path target = Path.of(args.length > 0 ? args[0] : "target");
        Path descriptor = target.resolve("classes/META-INF/maven/plugin.xml");
        Path site = target.resolve("site");
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(descriptor)) {
            fail(List.of(descriptor + " is missing: build the plugin first (mvn package)"));
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document plugin = factory.newDocumentBuilder().parse(descriptor.toFile());

        require(site.resolve("index.html"), "the overview page", problems);
        String goalsPage = read(site.resolve("plugin-info.html"), "the goals page", problems);
        int goals = 0;
        int parameters = 0;
        for (Element mojo : children(plugin.getDocumentElement(), "mojos", "mojo")) {
            String goal = text(mojo, "goal");
            goals++;
            if (goalsPage != null && !goalsPage.contains(goal + "-mojo.html")) {
                problems.add("plugin-info.html does not list the goal " + goal);
            }
            String page = read(site.resolve(goal + "-mojo.html"), "the page of goal " + goal, problems);
            if (page == null) {
                continue;
            }
            Element configuration = child(mojo, "configuration");
            for (Element parameter : children(mojo, "parameters", "parameter")) {
                if (!"true".equals(text(parameter, "editable"))) {
                    continue; // ${project}, ${session}…: not something a user sets, not on the page
                }
                String name = text(parameter, "name");
                parameters++;
                if (!page.contains("<b>" + name + "</b>") && !page.contains("id=\"" + name + "\"")) {
                    problems.add(goal + "-mojo.html lacks the parameter " + name);
                }
                Element config = configuration == null ? null : child(configuration, name);
                if (config != null) {
                    String expression = config.getTextContent().trim();
                    if (expression.startsWith("${cip.") && !page.contains(expression.substring(2,
                            expression.length() - 1))) {
                        problems.add(goal + "-mojo.html lacks the property " + expression + " of " + name);
                    }
                    String defaultValue = config.getAttribute("default-value");
                    if (!defaultValue.isEmpty() && !page.contains(escape(defaultValue))) {
                        problems.add(goal + "-mojo.html lacks the default " + defaultValue + " of " + name);
                    }
                }
                if (text(parameter, "description").isBlank()) {
                    problems.add("the parameter " + name + " of " + goal + " has no description (Javadoc)");
                }
            }
        }
        if (goals == 0) {
            problems.add(descriptor + " lists no goal");
        }
        if (!problems.isEmpty()) {
            fail(problems);
        }
        System.out.println("check-site: " + goals + " goal pages with their " + parameters
                + " parameters, properties and defaults, and the overview, in " + site);
    }

    private static void fail(List<String> problems) {
        problems.forEach(p -> System.err.println("check-site: " + p));
        System.exit(1);
    }

    private static void require(Path file, String what, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(what + " is missing: " + file);
        }
    }

    private static String read(Path file, String what, List<String> problems) throws Exception {
        require(file, what, problems);
        return Files.isRegularFile(file) ? Files.readString(file) : null;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent().trim();
    }

    private static List<Element> children(Element parent, String container, String name) {
        List<Element> out = new ArrayList<>();
        Element c = child(parent, container);
        if (c != null) {
            NodeList nodes = c.getChildNodes();
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                    out.add(e);
                }
            }
        }
        return out;
    }
}
