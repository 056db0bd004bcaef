package dev.agentplane.execution;

import dev.agentplane.execution.execution.ExecutionEntity;
import dev.agentplane.execution.execution.ExecutionStore;
import dev.agentplane.execution.execution.ExecutionView;
import dev.agentplane.execution.support.WireMockResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The completion changes and reads back the row with one statement: it records what the run produced and
 * how long it took, and it changes nothing once a cancel got there first (one terminal status). A run in
 * a session keeps, in the same statement, the messages its session has still to store.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class ExecutionStoreTest {
    private static final Runnable NOTHING = () -> {
    };

    @Inject
    ExecutionStore store;
    @Inject
    EntityManager em;

    @Test
    void aCompletionRecordsTheOutputUsageCostAndLatencyOfTheRun() {
        ExecutionEntity running = running(Instant.now().minusMillis(1_500));
        Optional<ExecutionView> view = store.complete(running.id, new ExecutionStore.Completion("the answer", null,
                "[]", 12, 5, 9, 4, null, null));

        assertTrue(view.isPresent());
        assertEquals("completed", view.get().status());
        assertEquals("the answer", view.get().output().text());
        assertEquals(17, view.get().usage().totalTokens());
        ExecutionEntity row = reload(running.id);
        assertEquals("completed", row.status);
        assertEquals(9, row.cost);
        assertEquals(4, row.eventCount);
        assertTrue(row.latencyMs >= 1_500 && row.latencyMs < 60_000, "latency " + row.latencyMs);
        assertEquals(row.latencyMs, ChronoUnit.MILLIS.between(row.startedAt, row.completedAt), 1);
    }

    @Test
    void aCompletionAfterACancelChangesNothing() {
        ExecutionEntity running = running(Instant.now());
        assertTrue(store.cancel(running.workspaceId, running.id).isPresent());

        Optional<ExecutionView> view = store.complete(running.id, new ExecutionStore.Completion("too late", null,
                "[]", 1, 1, 1, 2, "[]", null));

        assertTrue(view.isEmpty());
        ExecutionEntity row = reload(running.id);
        assertEquals("cancelled", row.status);
        assertNull(row.outputText);
        assertEquals(0, row.cost);
    }

    @Test
    void aCompletionInASessionKeepsTheMessagesItsSessionHasStillToStore() {
        ExecutionEntity inSession = running(Instant.now(), "sess_store_" + UUID.randomUUID());
        store.complete(inSession.id, new ExecutionStore.Completion("kept", null, "[]", 1, 1, 1, 2,
                "[{\"role\":\"user\"}]", null));
        assertEquals(List.of("[{\"role\":\"user\"}]"), pending(inSession.id));

        ExecutionEntity stored = running(Instant.now(), "sess_store_" + UUID.randomUUID());
        store.complete(stored.id, new ExecutionStore.Completion("appended already", null, "[]", 1, 1, 1, 2, null, null));
        assertEquals(List.of(), pending(stored.id));

        ExecutionEntity stateless = running(Instant.now());
        store.complete(stateless.id, new ExecutionStore.Completion("no session", null, "[]", 1, 1, 1, 2, "[]", null));
        assertEquals(List.of(), pending(stateless.id));
    }

    @SuppressWarnings("unchecked")
    private List<String> pending(String id) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select messages from pending_history where execution_id = ?1").setParameter(1, id).getResultList());
    }

    private ExecutionEntity running(Instant started) {
        return running(started, null);
    }

    private ExecutionEntity running(Instant started, String sessionId) {
        ExecutionEntity e = new ExecutionEntity();
        e.sessionId = sessionId;
        e.id = UUID.randomUUID().toString();
        e.workspaceId = "ws_store_" + UUID.randomUUID();
        e.tenantId = "ten_store";
        e.agentId = "agent-store";
        e.agentVersion = 1;
        e.mode = "sync";
        e.model = "sim-1";
        e.createdAt = started;
        store.createRunning(e, NOTHING);
        return e;
    }

    private ExecutionEntity reload(String id) {
        em.clear();
        return em.find(ExecutionEntity.class, id);
    }
}
