package dev.agentplane.attachments.sniff;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Decides a file's type from its bytes, in one streaming pass that also hashes it. Binary types come
 * from magic numbers; a file with none is text only if it is valid UTF-8 without NUL bytes, and only
 * then does the file name's extension choose between csv, markdown and plain text.
 */
public final class ContentSniffer {
    private static final int HEAD = 16;

    private ContentSniffer() {
    }

    /** Reads the whole file once; {@code contentType} is null when the type is not accepted. */
    public static Sniffed sniff(Path file, String filename) throws IOException {
        MessageDigest sha = sha256();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] head = new byte[HEAD];
        int headLength = 0;
        long size = 0;
        boolean text = true;
        byte[] buffer = new byte[64 * 1024];
        ByteBuffer pending = ByteBuffer.allocate(buffer.length + 8);
        CharBuffer chars = CharBuffer.allocate(buffer.length + 8);
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
                int copy = Math.min(n, HEAD - headLength);
                if (copy > 0) {
                    System.arraycopy(buffer, 0, head, headLength, copy);
                    headLength += copy;
                }
                size += n;
                if (text) {
                    text = hasNoNul(buffer, n) && decodes(utf8, pending, chars, buffer, n, false);
                }
            }
        }
        if (text) {
            text = decodes(utf8, pending, chars, new byte[0], 0, true);
        }
        String type = magic(head, headLength);
        if (type == null && text && size > 0) {
            type = textType(filename);
        }
        return new Sniffed(type, size, HexFormat.of().formatHex(sha.digest()));
    }

    /** The type announced by the first bytes, or null. */
    static String magic(byte[] h, int n) {
        if (starts(h, n, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (starts(h, n, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (starts(h, n, 'G', 'I', 'F', '8', '7', 'a') || starts(h, n, 'G', 'I', 'F', '8', '9', 'a')) {
            return "image/gif";
        }
        if (n >= 12 && starts(h, n, 'R', 'I', 'F', 'F') && h[8] == 'W' && h[9] == 'E' && h[10] == 'B' && h[11] == 'P') {
            return "image/webp";
        }
        if (starts(h, n, '%', 'P', 'D', 'F', '-')) {
            return "application/pdf";
        }
        return null;
    }

    /** Among text files only, the name decides the flavour: .csv, .md/.markdown, otherwise plain. */
    static String textType(String filename) {
        String name = filename == null ? "" : filename.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return "text/csv";
        }
        if (name.endsWith(".md") || name.endsWith(".markdown")) {
            return "text/markdown";
        }
        return "text/plain";
    }

    private static boolean starts(byte[] h, int n, int... prefix) {
        if (n < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((h[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasNoNul(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean decodes(CharsetDecoder decoder, ByteBuffer pending, CharBuffer chars, byte[] b, int n,
                                   boolean end) {
        pending.put(b, 0, n).flip();
        CoderResult result;
        do {
            chars.clear();
            result = decoder.decode(pending, chars, end);
        } while (result.isOverflow());
        if (result.isError() || (end && pending.hasRemaining())) {
            return false;
        }
        pending.compact();
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The verdict on one file: accepted type (or null), its size and SHA-256 (hex). */
    public record Sniffed(String contentType, long size, String sha256) {
        public boolean accepted() {
            return contentType != null;
        }
    }
}
