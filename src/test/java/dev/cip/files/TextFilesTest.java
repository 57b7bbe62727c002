package dev.cip.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextFilesTest {

    @Test
    void onlyALeadingByteOrderMarkIsSkipped() {
        assertEquals("FROM scratch\n", TextFiles.withoutByteOrderMark("\uFEFFFROM scratch\n"));
        assertEquals("FROM \uFEFFscratch\n", TextFiles.withoutByteOrderMark("FROM \uFEFFscratch\n"));
        assertEquals("\uFEFFx", TextFiles.withoutByteOrderMark("\uFEFF\uFEFFx"), "one mark, not every one");
        assertEquals("", TextFiles.withoutByteOrderMark(""));
        assertEquals(1, TextFiles.byteOrderMarkLength("\uFEFF{}"));
        assertEquals(0, TextFiles.byteOrderMarkLength("{}"));
    }

    @Test
    void aFileIsReadAsUtf8WithItsByteOrderMark(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("info.edn");
        Files.write(file, new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}', ' ', (byte) 0xC3, (byte) 0xA9});

        assertEquals("\uFEFF{} é", TextFiles.readUtf8(file));
    }

    @Test
    void aFileThatIsNotUtf8IsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("info.edn");
        Files.write(file, new byte[]{'{', (byte) 0xE9, '}'}); // "é" in Latin-1

        assertThrows(CharacterCodingException.class, () -> TextFiles.readUtf8(file));
    }
}
