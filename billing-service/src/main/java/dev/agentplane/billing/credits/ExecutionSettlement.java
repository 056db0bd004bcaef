package dev.agentplane.billing.credits;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.billing.credits.CreditRecords.Capture;
import dev.agentplane.kit.event.EventEnvelope;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settles holds from {@code agent.executed}: a completed execution is charged the cost the execution
 * service priced with the hold's rule, a failed or cancelled one is released (or, when it reports a cost — a
 * run stopped part-way — charged that cost). The execution service
 * answers its caller without waiting for this; the hold keeps the credits covered meanwhile, so the
 * balance can lag a run by one event delivery but never goes below what was spent. Each step is
 * idempotent by execution id, so redelivery and the execution service's own refund are harmless.
 * An event with a {@code lease_id} drew its {@code hold} from that lease and settles against it.
 * Events come a poll at a time and settle in one transaction, so a backlog drains in few commits.
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

    /** data of agent.executed, as far as billing reads it; {@code leaseId} and {@code hold} only for draws from a lease. */
    record Executed(String agentId, String executionId, String status, String model, Usage usage, Long cost,
                    String leaseId, Long hold) {
    }

    record Usage(Long inputTokens, Long outputTokens) {
    }

    /** A poll's worth of events at a time, settled in one transaction. */
    @Incoming("executions")
    @Blocking
    public void onExecutionEvents(List<String> payloads) {
        List<ReservationService.Settlement> settlements = new ArrayList<>();
        for (String payload : payloads) {
            ReservationService.Settlement s = settlementOf(payload);
            if (s != null) {
                settlements.add(s);
            }
        }
        if (!settlements.isEmpty()) {
            settleWithRetries(settlements);
        }
    }

    /** What an agent.executed asks of its hold; null for other events and non-final states. */
    ReservationService.Settlement settlementOf(String payload) {
        EventEnvelope event;
        Executed data;
        try {
            event = EventEnvelope.parse(payload, mapper);
            if (!AGENT_EXECUTED.equals(event.type()) || event.workspace() == null || event.data() == null) {
                return null;
            }
            data = event.dataAs(Executed.class, mapper);
        } catch (RuntimeException bad) {
            LOG.warnf("skipping an execution event that cannot be read: %s", bad.getMessage());
            return null;
        }
        if (data.executionId() == null || data.status() == null) {
            return null;
        }
        if (data.leaseId() != null && (data.hold() == null || data.hold() < 0)) {
            LOG.warnf("skipping execution %s: it drew from lease %s but names no valid hold", data.executionId(),
                    data.leaseId());
            return null;
        }
        ReservationService.Draw draw = data.leaseId() == null ? null
                : new ReservationService.Draw(data.leaseId(), data.hold(), data.agentId(), data.model());
        return switch (data.status()) {
            case "completed" -> new ReservationService.Settlement(event.workspace(), data.executionId(), new Capture(
                    data.cost() == null ? 0L : data.cost(), data.agentId(), data.model(),
                    data.usage() == null ? null : data.usage().inputTokens(),
                    data.usage() == null ? null : data.usage().outputTokens()), null, draw);
            // a run stopped part-way (step limit, budget, credits) is charged what its finished model calls cost
            case "failed", "cancelled" -> data.cost() != null && data.cost() > 0
                    ? new ReservationService.Settlement(event.workspace(), data.executionId(), new Capture(data.cost(),
                    data.agentId(), data.model(), data.usage() == null ? null : data.usage().inputTokens(),
                    data.usage() == null ? null : data.usage().outputTokens()), null, draw)
                    : new ReservationService.Settlement(event.workspace(), data.executionId(), null,
                    data.status(), draw);
            // suspended and other non-final states keep the hold
            default -> null;
        };
    }

    /** Retries what may pass later (the database, a deadlock); the whole batch rolls back each time. */
    private void settleWithRetries(List<ReservationService.Settlement> settlements) {
        long deadline = System.nanoTime() + retryFor.toNanos();
        long backoffMillis = 100;
        while (true) {
            try {
                reservations.settle(settlements);
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    LOG.errorf("could not settle %d holds (%s); they are released when they expire",
                            settlements.size(), e.getMessage());
                    return;
                }
                LOG.warnf("settling %d holds failed, retrying: %s", settlements.size(), e.getMessage());
                if (!pause(backoffMillis)) {
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
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
