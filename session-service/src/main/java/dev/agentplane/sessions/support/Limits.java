package dev.agentplane.sessions.support;

/** The input limits this service enforces (documented in the README). */
public final class Limits {
    /** Session variables sent in one request, as JSON bytes. */
    public static final int VARIABLES_BYTES = 16 * 1024;
    public static final int METADATA_BYTES = 8 * 1024;
    public static final int METADATA_KEYS = 50;
    public static final int MESSAGES_PER_RUN = 200;
    public static final int MESSAGE_CONTENT_BYTES = 256 * 1024;
    public static final int FACTS_PER_CALL = 50;
    public static final int FACT_CHARS = 2000;
    public static final int MEMORIES_IN_CONTEXT = 100;
    public static final int MAX_HISTORY_RUNS = 100;
    public static final long MIN_TTL_SECONDS = 60;
    public static final long MAX_TTL_SECONDS = 366L * 24 * 3600;

    private Limits() {
    }
}
