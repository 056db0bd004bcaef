package dev.agentplane.sessions.context;

import dev.agentplane.kit.data.AfterCommit;
import dev.agentplane.kit.session.ContextRevision;
import dev.agentplane.sessions.session.Session;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Bumps a session's context revision ({@link ContextRevision}) after a commit that changes what a run
 * reads from it, so that execution-service stops using a context it cached before. Only after the
 * commit: a reader tags its context with the revision it read before the data, so a bump that follows
 * every commit leaves no stale context valid.
 */
@ApplicationScoped
public class ContextRevisions {
    private static final Logger LOG = Logger.getLogger(ContextRevisions.class);
    // returns the new revision; a missing one starts at ARGV[1] (random), never at 1
    private static final String BUMP = "redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) "
            + "redis.call('pexpire', KEYS[1], ARGV[2]) return redis.call('incr', KEYS[1])";

    @Inject
    RedisDataSource redis;
    @Inject
    AfterCommit afterCommit;

    /** Bumps the session's revision once the current transaction has committed. */
    public void bumpAfterCommit(Session session) {
        String workspaceId = session.workspaceId;
        String sessionId = session.id;
        afterCommit.run(() -> bump(workspaceId, sessionId));
    }

    /** Bumps now (call it after the commit); the new revision, or null when Redis did not take it. */
    public Long bump(String workspaceId, String sessionId) {
        try {
            return redis.execute("EVAL", BUMP, "1", ContextRevision.key(workspaceId, sessionId),
                    Long.toString(ContextRevision.start()), Long.toString(ContextRevision.TTL.toMillis())).toLong();
        } catch (RuntimeException e) {
            // a cached context then lives until its own TTL; say so, since that is the only cost
            LOG.warnf("could not bump the context revision of session %s: %s", sessionId, e.getMessage());
            return null;
        }
    }
}
