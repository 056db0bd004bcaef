package dev.agentplane.billing.credits;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Releases holds whose time ran out, so a crashed execution cannot lock credits forever. Rows are
 * taken with SKIP LOCKED: replicas share the work and never block a live capture.
 */
@ApplicationScoped
public class HoldExpiry {
    private static final Logger LOG = Logger.getLogger(HoldExpiry.class);
    private static final int BATCH = 100;

    @Inject
    EntityManager em;
    @Inject
    ReservationService reservations;

    @Scheduled(every = "${billing.holds.sweep-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        int released;
        do {
            released = QuarkusTransaction.requiringNew().call(this::releaseBatch);
        } while (released == BATCH);
    }

    private int releaseBatch() {
        @SuppressWarnings("unchecked")
        List<Reservation> expired = em.createNativeQuery("select * from credit_reservation where status = 'held' "
                + "and expires_at < now() order by expires_at limit " + BATCH + " for update skip locked",
                Reservation.class).getResultList();
        expired.forEach(r -> reservations.releaseHeld(r, "expired"));
        if (!expired.isEmpty()) {
            LOG.infof("released %d expired credit holds", expired.size());
        }
        return expired.size();
    }
}
