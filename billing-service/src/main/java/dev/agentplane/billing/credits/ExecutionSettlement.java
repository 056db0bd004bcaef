package dev.agentplane.billing.credits;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.billing.credits.CreditRecords.Capture;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.event.EventEnvelope;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Settles holds from {@code agent.executed}: a completed execution is charged the cost the execution
 * service priced with the hold's rule, a failed or cancelled one is released. The execution service
 * answers its caller without waiting for this; the hold keeps the credits covered meanwhile, so the
 * balance can lag a run by one event delivery but never goes below what was spent. Each step is
 * idempotent by execution id, so redelivery and the execution service's own refund are harmless.
 */
@ApplicationScoped
public class ExecutionSettlement {
    static final String AGENT_EXECUTED = "agent.executed";
    private static final Logger LOG = Logger.getLogger(ExecutionSettlement.class);

    @Inject
    ReservationService reservations;
    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "billing.settlement.retry-for", defaultValue = "60s")
    Duration retryFor;

    /** data of agent.executed, as far as billing reads it. */
    record Executed(String agentId, String executionId, String status, String model, Usage usage, Long cost) {
    }

    record Usage(Long inputTokens, Long outputTokens) {
    }

    @Incoming("executions")
    @Blocking
    public void onExecutionEvent(String payload) {
        EventEnvelope event;
        Executed data;
        try {
            event = EventEnvelope.parse(payload, mapper);
            if (!AGENT_EXECUTED.equals(event.type()) || event.workspace() == null || event.data() == null) {
                return;
            }
            data = event.dataAs(Executed.class, mapper);
        } catch (RuntimeException bad) {
            LOG.warnf("skipping an execution event that cannot be read: %s", bad.getMessage());
            return;
        }
        if (data.executionId() == null || data.status() == null) {
            return;
        }
        settleWithRetries(event.workspace(), data);
    }

    /** Retries what may pass later (the database); a refused step (settled, unknown) is final. */
    private void settleWithRetries(String workspaceId, Executed data) {
        long deadline = System.nanoTime() + retryFor.toNanos();
        long backoffMillis = 100;
        while (true) {
            try {
                settle(workspaceId, data);
                return;
            } catch (ApiException refused) {
                LOG.debugf("execution %s: hold not settled (%s)", data.executionId(), refused.code());
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    LOG.errorf("execution %s: could not settle its hold (%s); it is released when it expires",
                            data.executionId(), e.getMessage());
                    return;
                }
                LOG.warnf("execution %s: settling its hold failed, retrying: %s", data.executionId(), e.getMessage());
                if (!pause(backoffMillis)) {
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    void settle(String workspaceId, Executed data) {
        switch (data.status()) {
            case "completed" -> reservations.capture(workspaceId, data.executionId(), new Capture(
                    data.cost() == null ? 0L : data.cost(), data.agentId(), data.model(),
                    data.usage() == null ? null : data.usage().inputTokens(),
                    data.usage() == null ? null : data.usage().outputTokens()));
            case "failed" -> reservations.release(workspaceId, data.executionId(), "failed");
            case "cancelled" -> reservations.release(workspaceId, data.executionId(), "cancelled");
            default -> {
                // suspended and other non-final states keep the hold
            }
        }
    }

    /** False when the service is stopping. */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
