package dev.agentplane.kit;

import dev.agentplane.kit.event.ProcessedEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/** A consumer's poll is recorded with one statement: each event id counts once, per consumer. */
@QuarkusTest
class ProcessedEventsTest {
    @Inject
    ProcessedEvents processed;

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

    private Set<String> poll(String consumer, List<String> ids) {
        return QuarkusTransaction.requiringNew().call(() -> processed.firstDeliveries(consumer, ids));
    }
}
