package dev.cip.oci;

import java.util.regex.Pattern;

/**
 * The OCI distribution spec's syntax for repository names, tags and digests: the one place these rules are written
 * ({@code context.Validation} and the registry client use them).
 */
public final class Names {
    /** A tag: 1-128 characters, letters, digits, {@code _ . -}, not starting with {@code .} or {@code -}. */
    public static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    /** One repository path component ({@code app}, {@code my-team}, {@code a__b}). */
    public static final Pattern NAME_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    /** A digest, {@code algorithm:encoded}, of any algorithm ({@code sha256:…}). */
    public static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");

    private Names() {
    }

    public static boolean isTag(String s) {
        return s != null && TAG.matcher(s).matches();
    }

    /** One repository path component: an image name as cip knows it. */
    public static boolean isNameComponent(String s) {
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

    /** True when the string has a digest's shape ({@code algorithm:encoded}) rather than a tag's. */
    public static boolean isDigest(String s) {
        return s != null && s.indexOf(':') > 0 && DIGEST.matcher(s).matches();
    }

    /** The tag rule in words, for messages. */
    public static String tagRule() {
        return "a tag is 1-128 characters of letters, digits, '_', '.' and '-', and does not start with '.' or '-'";
    }

    /** {@code sha256:} and the first 12 hex digits of {@code digest}, for messages; other text as it is. */
    public static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        return colon >= 0 && digest.length() > colon + 13 ? digest.substring(0, colon + 13) : digest;
    }
}
