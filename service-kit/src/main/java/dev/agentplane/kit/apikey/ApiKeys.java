package dev.agentplane.kit.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The API key format: a type prefix ({@code wak_}, {@code eak_}, {@code adm_}), 32 random base62
 * characters and a 6-character base62 CRC32 checksum of everything before it (like GitHub's tokens),
 * so a mistyped or made-up key is refused without any lookup. Keys are stored only as SHA-256 hashes.
 */
public final class ApiKeys {
    public static final String WORKSPACE_PREFIX = "wak_";
    public static final String EXECUTION_PREFIX = "eak_";
    public static final String ADMIN_PREFIX = "adm_";
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int RANDOM_LENGTH = 32;
    private static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = 4 + RANDOM_LENGTH + CHECKSUM_LENGTH;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A new secret with the given prefix (one of the constants above). */
    public static String generate(String prefix) {
        StringBuilder body = new StringBuilder(prefix);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            body.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return body + checksum(body.toString());
    }

    /** True when the key has a known prefix, the right length and alphabet, and a matching checksum. */
    public static boolean wellFormed(String key) {
        if (key == null || key.length() != LENGTH) {
            return false;
        }
        String prefix = key.substring(0, 4);
        if (!prefix.equals(WORKSPACE_PREFIX) && !prefix.equals(EXECUTION_PREFIX) && !prefix.equals(ADMIN_PREFIX)) {
            return false;
        }
        for (int i = 4; i < LENGTH; i++) {
            if (ALPHABET.indexOf(key.charAt(i)) < 0) {
                return false;
            }
        }
        int split = LENGTH - CHECKSUM_LENGTH;
        return checksum(key.substring(0, split)).equals(key.substring(split));
    }

    /** The lowercase hex SHA-256 of the key: what is stored and what caches are keyed by. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The part of a key that may be shown again after creation (type prefix and 8 characters). */
    public static String displayPrefix(String key) {
        return key.substring(0, Math.min(12, key.length()));
    }

    static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (value % ALPHABET.length()));
            value /= ALPHABET.length();
        }
        return new String(out);
    }
}
