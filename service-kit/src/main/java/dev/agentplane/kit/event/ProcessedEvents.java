package dev.agentplane.kit.event;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
        return !firstDeliveries(consumer, List.of(eventId)).isEmpty();
    }

    /**
     * The ids among these that this consumer sees for the first time, recorded with one statement (a
     * consumer that takes a poll at a time pays one round trip, not one per event); the others, and
     * repeats within the list, are redeliveries.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> firstDeliveries(String consumer, Collection<String> eventIds) {
        Set<String> first = new HashSet<>();
        if (eventIds.isEmpty()) {
            return first;
        }
        List<?> recorded = em.createNativeQuery("insert into processed_event (consumer, event_id) "
                        + "select ?1, unnest(cast(?2 as varchar[])) on conflict do nothing returning event_id")
                .setParameter(1, consumer)
                .setParameter(2, eventIds.toArray(String[]::new))
                .getResultList();
        recorded.forEach(id -> first.add(id.toString()));
        return first;
    }
}
