package dev.cip.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How cip reads the text of a project's files (Dockerfile, {@code .dockerignore}, {@code info.edn}): UTF-8 only, and a
 * leading byte order mark, which some Windows editors write, is no part of the text, as BuildKit and Docker skip it.
 */
public final class TextFiles {
    /** U+FEFF at the very start of a file. */
    public static final char BYTE_ORDER_MARK = '\uFEFF';

    private TextFiles() {
    }

    /**
     * The whole file, decoded as strict UTF-8 (byte order mark kept, so positions and a rewrite keep it).
     *
     * @throws CharacterCodingException when the file is not valid UTF-8
     */
    public static String readUtf8(Path file) throws IOException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    }

    /** Where the text proper starts: 1 after a leading byte order mark, else 0. */
    public static int byteOrderMarkLength(String text) {
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? 1 : 0;
    }

    /** {@code text} without its leading byte order mark, if it has one. */
    public static String withoutByteOrderMark(String text) {
        return text.substring(byteOrderMarkLength(text));
    }
}
