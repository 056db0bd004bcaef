package dev.agentplane.kit.event;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Makes event consumers idempotent: the event id is recorded in the same transaction as the
 * consumer's own changes, so a redelivered event is recognised and skipped.
 */
@ApplicationScoped
public class ProcessedEvents {
    @Inject
    EntityManager em;

    /** True the first time this consumer sees this event id; false on every redelivery. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId) {
        return em.createNativeQuery("insert into processed_event (consumer, event_id) values (?1, ?2) "
                        + "on conflict do nothing")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .executeUpdate() == 1;
    }
}
