package dev.agentplane.kit;

import dev.agentplane.kit.event.ProcessedEvents;
import dev.agentplane.kit.event.ProcessedEventsPruner;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A consumer's poll is recorded with one statement: each event id counts once, per consumer, until the
 * retention has passed.
 */
@QuarkusTest
class ProcessedEventsTest {
    @Inject
    ProcessedEvents processed;
    @Inject
    ProcessedEventsPruner pruner;
    @Inject
    EntityManager em;

    @Test
    void eachEventIsFirstDeliveredOncePerConsumerWhetherRepeatedInOnePollOrInALaterOne() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();

        assertEquals(Set.of(a, b), poll("test.consumer", List.of(a, b, a)));
        assertEquals(Set.of(c), poll("test.consumer", List.of(a, c, b)));
        assertEquals(Set.of(), poll("test.consumer", List.of(c)));
        assertEquals(Set.of(a), poll("test.other-consumer", List.of(a)));
        assertEquals(Set.of(), poll("test.consumer", List.of()));
        assertFalse(QuarkusTransaction.requiringNew().call(() -> processed.firstDelivery("test.consumer", b)));
    }

    @Test
    void aPollWhoseTransactionRollsBackRecordsNothing() {
        String a = UUID.randomUUID().toString();
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            processed.firstDeliveries("test.consumer", List.of(a));
            throw new IllegalStateException("the consumer's own change failed");
        }));
        assertEquals(Set.of(a), poll("test.consumer", List.of(a)));
    }

    @Test
    void idsOlderThanTheRetentionAreForgottenAndNewerOnesStillCount() {
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        String consumer = "test.pruned-" + UUID.randomUUID();
        poll(consumer, List.of(old));
        age(consumer, Duration.ofDays(9));
        poll(consumer, List.of(recent));

        pruner.prune(); // the default retention: 8 days

        assertEquals(Set.of(old), poll(consumer, List.of(old, recent)), "only the old id was forgotten");
    }

    @Test
    void aBacklogIsForgottenInBatches() {
        List<String> ids = IntStream.range(0, ProcessedEventsPruner.BATCH + 50)
                .mapToObj(n -> UUID.randomUUID().toString()).toList();
        poll("test.backlog", ids);
        age("test.backlog", Duration.ofDays(30));

        assertTrue(pruner.pruneOlderThan(Instant.now().minus(Duration.ofDays(8))) >= ids.size());
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from processed_event where consumer = 'test.backlog'").getSingleResult()).longValue()));
    }

    private void age(String consumer, Duration by) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update processed_event set processed_at = "
                + "processed_at - make_interval(secs => ?2) where consumer = ?1").setParameter(1, consumer)
                .setParameter(2, by.toSeconds()).executeUpdate());
    }

    private Set<String> poll(String consumer, List<String> ids) {
        return QuarkusTransaction.requiringNew().call(() -> processed.firstDeliveries(consumer, ids));
    }
}
