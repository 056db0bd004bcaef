package dev.agentplane.sessions.support;

import java.util.UUID;

/** Prefixed random ids: ses_, msg_, mem_. */
public final class Ids {
    private Ids() {
    }

    public static String session() {
        return "ses_" + random();
    }

    public static String message() {
        return "msg_" + random();
    }

    public static String memory() {
        return "mem_" + random();
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
