package dev.agentplane.sessions.session;

import dev.agentplane.sessions.context.ContextRevisions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Deletes sessions whose idle TTL has passed (each with a {@code session.deleted} event, reason
 * {@code expired}). Rows are claimed with SKIP LOCKED, so replicas sweep side by side.
 */
@ApplicationScoped
public class SessionCleanup {
    private static final Logger LOG = Logger.getLogger(SessionCleanup.class);
    private static final int BATCH = 100;

    @Inject
    EntityManager em;
    @Inject
    SessionEvents events;
    @Inject
    ContextRevisions revisions;

    @Scheduled(every = "${agentplane.sessions.cleanup-interval:60s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int n = sweep();
        if (n > 0) {
            LOG.infof("deleted %d expired sessions", n);
        }
    }

    /** Deletes every expired session now; returns how many. */
    public int sweep() {
        int total = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(this::sweepBatch);
            total += batch;
        } while (batch == BATCH);
        return total;
    }

    private int sweepBatch() {
        @SuppressWarnings("unchecked")
        List<String> ids = em.createNativeQuery("select id from session where expires_at < now() "
                + "order by expires_at limit " + BATCH + " for update skip locked").getResultList();
        for (String id : ids) {
            Session s = em.find(Session.class, id);
            events.deleted(s, "expired");
            em.remove(s);
            revisions.bumpAfterCommit(s);
        }
        return ids.size();
    }
}
