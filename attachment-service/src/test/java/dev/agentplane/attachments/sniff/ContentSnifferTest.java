package dev.agentplane.attachments.sniff;

import dev.agentplane.attachments.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Types come from bytes; text is valid UTF-8 without NUL, and only then does the name matter. */
class ContentSnifferTest {
    @TempDir
    Path dir;

    private ContentSniffer.Sniffed sniff(String name, byte[] bytes) throws Exception {
        Path file = dir.resolve("f");
        Files.write(file, bytes);
        return ContentSniffer.sniff(file, name);
    }

    @Test
    void magicNumbersWinOverNames() throws Exception {
        assertEquals("image/png", sniff("x.csv", TestFiles.png()).contentType());
        assertEquals("image/jpeg", sniff("x.txt", TestFiles.jpeg()).contentType());
        assertEquals("image/gif", sniff("x", TestFiles.gif()).contentType());
        assertEquals("image/webp", sniff("x.md", TestFiles.webp()).contentType());
        assertEquals("application/pdf", sniff("x.png", TestFiles.pdf(1, "x")).contentType());
    }

    @Test
    void textFlavourComesFromTheExtension() throws Exception {
        byte[] text = "a,b\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("text/csv", sniff("T.CSV", text).contentType());
        assertEquals("text/markdown", sniff("a.md", text).contentType());
        assertEquals("text/markdown", sniff("a.markdown", text).contentType());
        assertEquals("text/plain", sniff("a.png", text).contentType());
        assertEquals("text/plain", sniff(null, text).contentType());
    }

    @Test
    void notTextWhenNulOrInvalidUtf8() throws Exception {
        assertNull(sniff("a.txt", new byte[]{'a', 0, 'b'}).contentType());
        assertNull(sniff("a.txt", new byte[]{'a', (byte) 0xC3}).contentType(), "truncated multi-byte sequence");
        assertNull(sniff("a.txt", new byte[]{(byte) 0xFF, (byte) 0xFE, 'a', 0}).contentType());
        assertNull(sniff("a.exe", TestFiles.exe()).contentType());
        assertNull(sniff("a.txt", new byte[0]).contentType(), "empty is nothing");
    }

    @Test
    void multiByteCharactersAcrossBufferBoundariesAreValid() throws Exception {
        byte[] big = ("é".repeat(40_000) + "€𝄞").getBytes(StandardCharsets.UTF_8);
        byte[] shifted = TestFiles.concat(new byte[]{'x'}, big);
        ContentSniffer.Sniffed s = sniff("a.txt", shifted);
        assertEquals("text/plain", s.contentType());
        assertEquals(shifted.length, s.size());
        assertEquals(64, s.sha256().length());
    }
}
