package dev.agentplane.billing.credits;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Releases holds and leases whose time ran out, so a crashed execution or replica cannot lock credits
 * forever. Rows are taken with SKIP LOCKED: replicas share the work and never block a live capture.
 */
@ApplicationScoped
public class HoldExpiry {
    private static final Logger LOG = Logger.getLogger(HoldExpiry.class);
    private static final int BATCH = 100;

    @Inject
    EntityManager em;
    @Inject
    ReservationService reservations;
    @Inject
    LeaseService leases;

    @Scheduled(every = "${billing.holds.sweep-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        drain(this::releaseBatch);
        drain(this::expireLeaseBatch);
    }

    /** Runs batches, each in a transaction of its own, until one comes back short. */
    private static void drain(Callable<Integer> batch) {
        int done;
        do {
            done = QuarkusTransaction.requiringNew().call(batch);
        } while (done == BATCH);
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

    /**
     * Leases due are read without a lock and expired one at a time after their workspace's account lock,
     * the order every lease step takes (the lease row itself is then taken with SKIP LOCKED), in workspace
     * order like the settlement batches, so the sweep never deadlocks with them.
     */
    private int expireLeaseBatch() {
        @SuppressWarnings("unchecked")
        List<Object[]> due = em.createNativeQuery("select workspace_id, id from credit_lease "
                + "where status in ('open', 'closed') and expires_at < now() order by workspace_id, id limit " + BATCH)
                .getResultList();
        int expired = (int) due.stream().filter(row -> leases.expire((String) row[0], (String) row[1])).count();
        if (expired > 0) {
            LOG.infof("expired %d credit leases", expired);
        }
        return expired;
    }
}
