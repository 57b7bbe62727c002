package dev.cip.registry;

import dev.cip.oci.PrintableText;

import java.nio.charset.StandardCharsets;

/**
 * Text that came from outside (a registry's error body, a token service, a credential helper) made safe for a
 * message or a log line with {@link PrintableText}, cut at {@link #MAX_LENGTH}. A registry cannot forge log lines or
 * recolour the terminal through cip's messages.
 */
public final class ExternalText {
    /** The longest piece of outside text a message shows. */
    public static final int MAX_LENGTH = 200;

    private ExternalText() {
    }

    /** The bytes as UTF-8 (malformed sequences replaced), cleaned and cut at {@link #MAX_LENGTH}. */
    public static String clean(byte[] bytes) {
        return clean(new String(bytes, StandardCharsets.UTF_8));
    }

    /** {@code s} cleaned and cut at {@link #MAX_LENGTH}; empty for null. */
    public static String clean(String s) {
        return clean(s, MAX_LENGTH);
    }

    /** {@code s} cleaned and cut at {@code max} characters (an ellipsis marks the cut); empty for null. */
    public static String clean(String s, int max) {
        return PrintableText.clean(s, max);
    }
}
