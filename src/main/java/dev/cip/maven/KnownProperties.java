package dev.cip.maven;

import dev.cip.context.DidYouMean;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.codehaus.plexus.configuration.PlexusConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code cip.*} properties the plugin reads, taken from its own descriptor (every goal's parameters), and the
 * warnings for properties given that none of them reads: a misspelt {@code -Dcip.imgaes=base} is otherwise silently
 * ignored.
 */
final class KnownProperties {
    /** Properties read by name prefix rather than declared as parameters. */
    static final List<String> PREFIXES = List.of(AbstractCipMojo.BUILD_ARG_PREFIX);

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{(cip\\.[^}]+)}");

    private KnownProperties() {
    }

    /** Every {@code cip.*} property a parameter of any goal of the plugin reads. */
    static Set<String> of(PluginDescriptor plugin) {
        Set<String> known = new TreeSet<>();
        for (MojoDescriptor mojo : plugin.getMojos()) {
            if (mojo.getParameters() != null) {
                for (Parameter p : mojo.getParameters()) {
                    collect(p.getExpression(), known);
                    collect(p.getDefaultValue(), known);
                }
            }
            PlexusConfiguration config = mojo.getMojoConfiguration();
            if (config != null) {
                for (PlexusConfiguration c : config.getChildren()) {
                    collect(c.getValue(null), known);
                    collect(c.getAttribute("default-value", null), known);
                }
            }
        }
        return known;
    }

    private static void collect(String expression, Set<String> into) {
        if (expression != null) {
            Matcher m = EXPRESSION.matcher(expression);
            while (m.find()) {
                into.add(m.group(1));
            }
        }
    }

    /** A warning for each {@code cip.*} key in {@code given} that no parameter reads, with a did-you-mean. */
    static List<String> warnings(Set<String> given, Set<String> known) {
        List<String> warnings = new ArrayList<>();
        for (String key : new TreeSet<>(given)) {
            if (!key.startsWith("cip.") || known.contains(key)
                    || PREFIXES.stream().anyMatch(p -> key.startsWith(p) && key.length() > p.length())) {
                continue;
            }
            String hint = DidYouMean.closest(key, known, Math.max(2, key.length() / 4))
                    .map(k -> "did you mean " + k + "?")
                    .orElse("cip reads none of that name; mvn cip:help -Ddetail lists the parameters");
            warnings.add("The property " + key + " is not a cip parameter and is ignored: " + hint);
        }
        return warnings;
    }

    /** The keys of the given property maps. */
    static Set<String> keys(List<Map<?, ?>> maps) {
        Set<String> keys = new TreeSet<>();
        for (Map<?, ?> m : maps) {
            if (m != null) {
                m.keySet().forEach(k -> keys.add(String.valueOf(k)));
            }
        }
        return keys;
    }
}
