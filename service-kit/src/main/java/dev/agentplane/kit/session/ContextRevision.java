package dev.agentplane.kit.session;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * The contract between session-service, which bumps a session's context revision in Redis after
 * every commit that changes what a run would read (append, patch, archive, delete, expiry), and
 * execution-service, which reads it with the session lock and reuses a context it cached only when
 * the revision is still the one it cached it under.
 *
 * <p>A missing revision (Redis keeps nothing on disk) starts at a random value, never at 0 or 1, so
 * that a restarted Redis cannot count up to a revision a cached context was tagged with before.
 */
public final class ContextRevision {
    /** How long an untouched revision is kept; far longer than any cached context lives. */
    public static final Duration TTL = Duration.ofDays(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    private ContextRevision() {
    }

    public static String key(String workspaceId, String sessionId) {
        return "session:context-rev:" + workspaceId + ":" + sessionId;
    }

    /** A start value for a missing revision: random, below 2^53 (Redis' Lua scripts see numbers as doubles). */
    public static long start() {
        return 1_000_000L + (RANDOM.nextLong() >>> 12);
    }
}
