package dev.cip.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Content digests ({@code sha256:<hex>}). */
public final class Digests {
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");

    private Digests() {
    }

    /** {@code sha256:<hex>} of the bytes. */
    public static String sha256(byte[] data) {
        MessageDigest md = newDigest("sha256:");
        return "sha256:" + HexFormat.of().formatHex(md.digest(data));
    }

    /** True when the string looks like a digest ({@code algorithm:encoded}) rather than a tag. */
    public static boolean isDigest(String reference) {
        return reference != null && reference.indexOf(':') > 0 && DIGEST.matcher(reference).matches();
    }

    /** A {@link MessageDigest} for the algorithm of {@code digest}, or null if it is not one we know. */
    static MessageDigest digesterFor(String digest) {
        try {
            return newDigest(digest);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String format(String digest, MessageDigest md) {
        String alg = digest.substring(0, digest.indexOf(':'));
        return alg + ":" + HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest newDigest(String digest) {
        String alg = digest.substring(0, Math.max(0, digest.indexOf(':')));
        String jca = switch (alg) {
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported digest algorithm '" + alg + "'");
        };
        try {
            return MessageDigest.getInstance(jca);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
