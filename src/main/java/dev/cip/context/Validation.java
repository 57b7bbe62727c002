package dev.cip.context;

import dev.cip.oci.Names;

import java.util.regex.Pattern;

/**
 * The syntactic rules for values that end up in image references and {@code docker} arguments. The OCI rules (tags,
 * names) are {@link Names}'; this class adds the Dockerfile's ARG names.
 */
public final class Validation {
    /** OCI tag grammar (distribution spec): {@link Names#TAG}. */
    public static final Pattern TAG = Names.TAG;
    /** One OCI repository path component: {@link Names#NAME_COMPONENT}. */
    public static final Pattern NAME_COMPONENT = Names.NAME_COMPONENT;
    /** A Dockerfile ARG name. */
    public static final Pattern ARG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Validation() {
    }

    public static boolean isTag(String s) {
        return Names.isTag(s);
    }

    public static boolean isImageName(String s) {
        return Names.isNameComponent(s);
    }

    /** A repository path: one or more {@link #NAME_COMPONENT}s joined by {@code /} ({@code team/images/app}). */
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
