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
    /** Memories of one user scored per recall or deduplication (the most recent ones). */
    public static final int MEMORIES_SCORED = 1_000;
    /** Most memories one recall returns. */
    public static final int MEMORIES_RECALLED = 50;
    /** Cosine similarity at or above which a new fact repeats a stored one (all-MiniLM-L6-v2: paraphrases score 0.9+). */
    public static final double DUPLICATE_SIMILARITY = 0.9;
    public static final int EMBEDDING_DIMENSIONS_MAX = 4_096;
    public static final int MAX_HISTORY_RUNS = 100;
    public static final long MIN_TTL_SECONDS = 60;
    public static final long MAX_TTL_SECONDS = 366L * 24 * 3600;

    private Limits() {
    }
}
