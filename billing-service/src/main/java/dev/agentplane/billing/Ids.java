package dev.agentplane.billing;

import java.util.UUID;

/** Readable random ids with a type prefix ({@code ten_}, {@code ws_}, {@code key_}). */
public final class Ids {
    private Ids() {
    }

    public static String next(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
