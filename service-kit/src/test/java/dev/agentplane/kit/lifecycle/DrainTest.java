package dev.agentplane.kit.lifecycle;

import dev.agentplane.kit.apikey.BillingStub;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quarkus' pre-shutdown signal (readiness DOWN) reaches services once, as {@link DrainStarted}, with the time the
 * process has left. The whole SIGTERM sequence is exercised against real processes by bin/rolling-restart-check.
 */
@QuarkusTest
@QuarkusTestResource(BillingStub.class)
class DrainTest {
    @Inject
    Drain drain;
    @Inject
    Event<ShutdownDelayInitiatedEvent> shutdownDelay;
    @Inject
    Observer observer;

    @Singleton // no client proxy: the test reads its field
    static class Observer {
        final List<DrainStarted> seen = new CopyOnWriteArrayList<>();

        void handOver(@Observes DrainStarted event) {
            seen.add(event);
        }
    }

    @Test
    void theShutdownSignalBecomesOneDrainStartedWithTheGrace() {
        assertFalse(drain.draining());
        shutdownDelay.fire(new ShutdownDelayInitiatedEvent());
        shutdownDelay.fire(new ShutdownDelayInitiatedEvent());
        assertTrue(drain.draining());
        assertEquals(1, observer.seen.size(), "observers hand over once");
        DrainStarted event = observer.seen.get(0);
        // tests run without a delay: the grace is the HTTP drain timeout
        assertEquals(Duration.ofSeconds(15), event.grace());
        assertEquals(event.at().plusSeconds(15), event.deadline());
        assertEquals(event, drain.start());
    }
}
