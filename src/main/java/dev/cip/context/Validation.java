package dev.cip.context;

import dev.cip.oci.Names;
import dev.cip.oci.Tags;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The syntactic rules for values that end up in image references and {@code docker} arguments. The OCI rules (tags,
 * names) are {@link Names}'; this class adds the Dockerfile's ARG names.
 */
public final class Validation {
    /** A Dockerfile ARG name. */
    public static final Pattern ARG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Validation() {
    }

    /**
     * Why {@code tag} cannot be an extra tag (written by a release besides {@code <version>} and {@code latest}), or
     * empty when it can: a valid tag, not {@code latest}, without the reserved marker, not shaped like a dotted
     * version ({@code 1.0.0}: a released version never moves). A whole clause, naming the tag.
     */
    public static Optional<String> extraTagProblem(String tag) {
        if (!isTag(tag)) {
            return Optional.of("\"" + tag + "\" is not a valid image tag: " + tagRule());
        }
        if (tag.contains(Tags.RESERVED_MARKER)) {
            return Optional.of("\"" + tag + "\" contains '" + Tags.RESERVED_MARKER + "', which is reserved for cip's "
                    + "own "
                    + "staging and cache tags");
        }
        if (tag.equals(Tags.LATEST)) {
            return Optional.of("\"latest\" is written by every release unless it is turned off; leave it out of"
                    + " the extra tags");
        }
        if (Tags.looksLikeDottedVersion(tag)) {
            return Optional.of("\"" + tag + "\" looks like a version: a released version never moves, so an extra"
                    + " tag must not look like one; use a name such as stable or a git short sha");
        }
        return Optional.empty();
    }

    public static boolean isTag(String s) {
        return Names.isTag(s);
    }

    public static boolean isImageName(String s) {
        return Names.isNameComponent(s);
    }

    /** A repository path: one or more {@link Names#NAME_COMPONENT}s joined by {@code /} ({@code team/images/app}). */
    public static boolean isRepositoryPath(String s) {
        return Names.isRepositoryPath(s);
    }

    public static boolean isArgName(String s) {
        return s != null && ARG_NAME.matcher(s).matches();
    }

    /** Why {@code tag} is not a valid tag, for messages. */
    public static String tagRule() {
        return Names.tagRule();
    }
}
