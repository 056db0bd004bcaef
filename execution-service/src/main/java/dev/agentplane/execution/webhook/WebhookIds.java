package dev.agentplane.execution.webhook;

import java.security.SecureRandom;

/** Public ids: a prefix and 24 random base-32 characters. */
public final class WebhookIds {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookIds() {
    }

    public static String subscription() {
        return "whk_" + random();
    }

    public static String delivery() {
        return "dlv_" + random();
    }

    public static String message() {
        return "msg_" + random();
    }

    private static String random() {
        char[] c = new char[24];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }
}
