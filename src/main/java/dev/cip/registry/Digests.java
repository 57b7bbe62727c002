package dev.cip.registry;

import dev.cip.oci.Names;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Content digests ({@code sha256:<hex>}). cip accepts and verifies the two algorithms of the OCI image spec,
 * {@code sha256} and {@code sha512}; a digest with any other algorithm is refused, never passed on unverified.
 */
public final class Digests {
    private static final Pattern SUPPORTED = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");

    private Digests() {
    }

    /** {@code sha256:<hex>} of the bytes. */
    public static String sha256(byte[] data) {
        return "sha256:" + HexFormat.of().formatHex(newDigest("sha256").digest(data));
    }

    /** The digest of {@code data} with the algorithm of {@code like} ({@code sha256} or {@code sha512}). */
    public static String of(String like, byte[] data) {
        String alg = algorithm(like);
        return alg + ":" + HexFormat.of().formatHex(newDigest(alg).digest(data));
    }

    /** True when the string looks like a digest ({@code algorithm:encoded}) rather than a tag. */
    public static boolean isDigest(String reference) {
        return Names.isDigest(reference);
    }

    /** True for a {@code sha256} or {@code sha512} digest in canonical (lower-case hex, full length) form. */
    public static boolean isSupported(String digest) {
        return digest != null && SUPPORTED.matcher(digest).matches();
    }

    /** Why {@code digest} is refused, for messages. */
    static String unsupportedReason(String digest) {
        return "'" + ExternalText.clean(digest, 80) + "' is not a sha256 or sha512 digest (cip verifies every digest "
                + "and knows no other algorithm)";
    }

    /** A {@link MessageDigest} for the algorithm of a supported {@code digest}. */
    static MessageDigest digesterFor(String digest) {
        if (!isSupported(digest)) {
            throw new IllegalArgumentException(unsupportedReason(digest));
        }
        return newDigest(algorithm(digest));
    }

    static String format(String digest, MessageDigest md) {
        return algorithm(digest) + ":" + HexFormat.of().formatHex(md.digest());
    }

    private static String algorithm(String digest) {
        return digest.substring(0, Math.max(0, digest.indexOf(':')));
    }

    private static MessageDigest newDigest(String alg) {
        String jca = switch (alg) {
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported digest algorithm '"
                    + ExternalText.clean(alg, 40) + "'");
        };
        try {
            return MessageDigest.getInstance(jca);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
