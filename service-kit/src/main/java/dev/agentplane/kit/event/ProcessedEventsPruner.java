package dev.agentplane.kit.event;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * Forgets processed event ids once no redelivery can bring their events back: one row per consumed
 * event would otherwise grow the table for ever. The retention must exceed the topics' own retention
 * (Kafka keeps events 7 days by default; a group whose offsets expired reads them all again).
 */
@ApplicationScoped
public class ProcessedEventsPruner {
    private static final Logger LOG = Logger.getLogger(ProcessedEventsPruner.class);
    public static final int BATCH = 10_000;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "agentplane.processed-events.retention", defaultValue = "8d")
    Duration retention;

    @Scheduled(every = "${agentplane.processed-events.prune-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void prune() {
        try {
            int forgotten = pruneOlderThan(Instant.now().minus(retention));
            if (forgotten > 0) {
                LOG.infof("forgot %d processed event ids older than %s", forgotten, retention);
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not forget old processed event ids, trying again later: %s", e.getMessage());
        }
    }

    /** Deletes the ids recorded before {@code cutoff}, a batch per transaction so that no lock is held for long. */
    public int pruneOlderThan(Instant cutoff) {
        int total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                            "delete from processed_event where ctid = any(array(select ctid from processed_event "
                                    + "where processed_at < ?1 limit " + BATCH + "))")
                    .setParameter(1, cutoff).executeUpdate());
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
