package dev.cip.context;

import java.util.regex.Pattern;

/** The syntactic rules for values that end up in image references and {@code docker} arguments. */
public final class Validation {
    /** OCI tag grammar (distribution spec). */
    public static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    /** One OCI repository path component. */
    public static final Pattern NAME_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    /** A Dockerfile ARG name. */
    public static final Pattern ARG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Validation() {
    }

    public static boolean isTag(String s) {
        return s != null && TAG.matcher(s).matches();
    }

    public static boolean isImageName(String s) {
        return s != null && NAME_COMPONENT.matcher(s).matches();
    }

    /** A repository path: one or more {@link #NAME_COMPONENT}s joined by {@code /} ({@code team/images/app}). */
    public static boolean isRepositoryPath(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (String component : s.split("/", -1)) {
            if (!NAME_COMPONENT.matcher(component).matches()) {
                return false;
            }
        }
        return true;
    }

    public static boolean isArgName(String s) {
        return s != null && ARG_NAME.matcher(s).matches();
    }

    /** Why {@code tag} is not a valid tag, for messages. */
    public static String tagRule() {
        return "a tag is 1-128 characters of letters, digits, '_', '.' and '-', and does not start with '.' or '-'";
    }
}
