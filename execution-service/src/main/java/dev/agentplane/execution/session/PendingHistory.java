package dev.agentplane.execution.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.guard.SessionLocks;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.ErrorCodes;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * The messages of session runs that answered before their session stored them. A run in a session answers
 * once its completion is committed; its append to session-service runs meanwhile and, unless it was done
 * first, the completion's statement also writes the messages to {@code pending_history}. The run keeps its
 * session lock until the append is over, so the next turn waits for it and sees it (guard/SessionLocks).
 * When the append succeeds, or session-service refuses it for good (the session was deleted meanwhile), the
 * session is free and the row goes (with the next batch of deletes, every second). When session-service
 * cannot be reached, row and lock stay: every replica sweeps rows older than {@code retry-after}, appends
 * them (idempotent by execution id: a row whose append did land stores nothing twice) and frees their
 * sessions. {@code agentplane.session.history.appends{outcome}} counts what became of each append:
 * {@code stored}, {@code kept} (left to the sweep: session-service unreachable), {@code dropped} (refused),
 * {@code swept} (stored by the sweep).
 */
@ApplicationScoped
public class PendingHistory {
    private static final Logger LOG = Logger.getLogger(PendingHistory.class);
    private static final TypeReference<List<RunMessage>> MESSAGES = new TypeReference<>() {
    };
    private static final int BATCH = 50;
    private static final int DELETE_BATCH = 500;
    private static final String SWEEPER = "service:execution-service";

    @Inject
    EntityManager em;
    @Inject
    SessionClient sessions;
    @Inject
    SessionLocks locks;
    @Inject
    ObjectMapper mapper;
    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "agentplane.sessions.pending-history.retry-after", defaultValue = "60s")
    Duration retryAfter;

    /** Runs whose messages session-service stored, whose rows the next batch deletes. */
    private final ConcurrentLinkedQueue<String> stored = new ConcurrentLinkedQueue<>();

    public String json(List<RunMessage> messages) {
        try {
            return mapper.writeValueAsString(messages);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run messages cannot be written as JSON", e);
        }
    }

    /**
     * Once the run's own append is over (on {@code executor}, never on the thread that answers): frees the
     * session and drops the kept row, or leaves both to the sweep when session-service could not be reached.
     */
    public void settleWhenAppended(CompletableFuture<?> append, Executor executor, Caller caller, String sessionId,
                                   String executionId, boolean kept) {
        append.whenCompleteAsync((done, failure) -> {
            if (settle(caller, sessionId, executionId, failure == null ? null
                    : failure.getCause() != null ? failure.getCause() : failure, false) && kept) {
                stored.add(executionId);
            }
        }, executor);
    }

    /** Frees the session unless the messages are to be tried again; true when the kept row may go. */
    private boolean settle(Caller caller, String sessionId, String executionId, Throwable failure, boolean swept) {
        if (failure != null && !refused(failure)) {
            LOG.warnf("the messages of execution %s are kept until the session service can store them: %s",
                    executionId, failure.getMessage());
            if (!swept) {
                // counted once: a sweep that still cannot store the row counts nothing
                count("kept");
            }
            return false;
        }
        if (failure != null) {
            LOG.warnf("the session service refused the messages of execution %s, which are dropped: %s",
                    executionId, failure.getMessage());
        }
        count(failure != null ? "dropped" : swept ? "swept" : "stored");
        try {
            locks.release(caller.workspaceId(), sessionId, executionId);
        } catch (RuntimeException e) {
            LOG.warnf("could not unlock session %s: %s", sessionId, e.getMessage());
        }
        return true;
    }

    /**
     * Deletes the rows of runs whose messages were stored, a batch at a time rather than a transaction per
     * run. A row left behind (a failed delete, a replica that stopped first) is appended again by the sweep,
     * which stores nothing twice.
     */
    @Scheduled(every = "${agentplane.sessions.pending-history.delete-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteStored() {
        List<String> batch = new ArrayList<>();
        for (String id = stored.poll(); id != null; id = stored.poll()) {
            batch.add(id);
            if (batch.size() == DELETE_BATCH) {
                delete(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            delete(batch);
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        deleteStored();
    }

    private void delete(List<String> executionIds) {
        try {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                            "delete from pending_history where execution_id in (:ids)")
                    .setParameter("ids", executionIds).executeUpdate());
        } catch (RuntimeException e) {
            LOG.warnf("could not delete %d stored rows of pending session messages: %s", executionIds.size(),
                    e.getMessage());
        }
    }

    private void count(String outcome) {
        meters.counter("agentplane.session.history.appends", "outcome", outcome).increment();
    }

    /** Refused for good: session-service answered no (or the kept messages cannot be read); else tried again. */
    private static boolean refused(Throwable failure) {
        return failure instanceof ApiException api ? !ErrorCodes.SERVICE_UNAVAILABLE.equals(api.code())
                : failure instanceof JsonProcessingException;
    }

    private record Kept(String executionId, String workspaceId, String tenantId, String sessionId, String messages) {
    }

    @Scheduled(every = "${agentplane.sessions.pending-history.sweep-interval:10s}",
            delayed = "${agentplane.sessions.pending-history.sweep-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweepQuietly() {
        try {
            sweep(retryAfter);
        } catch (RuntimeException e) {
            LOG.warnf("could not sweep pending session messages: %s", e.getMessage());
        }
    }

    /** Appends the kept messages older than {@code olderThan}; returns how many it settled. */
    public int sweep(Duration olderThan) {
        int settled = 0;
        for (Kept k : kept(olderThan)) {
            Caller caller = new Caller(SWEEPER, k.tenantId(), k.workspaceId(), Set.of(), null, Set.of(), null);
            Throwable failure = null;
            try {
                sessions.appendRun(caller, k.sessionId(), k.executionId(), mapper.readValue(k.messages(), MESSAGES));
            } catch (RuntimeException | JsonProcessingException e) {
                failure = e;
            }
            if (settle(caller, k.sessionId(), k.executionId(), failure, true)) {
                delete(List.of(k.executionId()));
                settled++;
            }
        }
        return settled;
    }

    private List<Kept> kept(Duration olderThan) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Kept> rows = new ArrayList<>();
            for (Object row : em.createNativeQuery("select execution_id, workspace_id, tenant_id, session_id, messages "
                            + "from pending_history where created_at <= now() - ?1 * interval '1 millisecond' "
                            + "order by created_at limit " + BATCH)
                    .setParameter(1, olderThan.toMillis()).getResultList()) {
                Object[] c = (Object[]) row;
                rows.add(new Kept((String) c[0], (String) c[1], (String) c[2], (String) c[3], (String) c[4]));
            }
            return rows;
        });
    }
}
