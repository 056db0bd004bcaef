package dev.agentplane.execution.webhook.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.execution.webhook.WebhookEventTypes;
import dev.agentplane.execution.webhook.delivery.DeliveryStore;
import dev.agentplane.kit.event.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The feed's writes, one transaction per event (apart from the consumer, so that a retry gets a new one). */
@ApplicationScoped
public class FeedWriter {
    /** What agent.executed carries for billing's settlement and never goes to subscribers. */
    private static final List<String> INTERNAL_FIELDS = List.of("lease_id", "hold");

    @Inject
    DeliveryStore deliveries;
    @Inject
    EntityManager em;

    /** The Kafka name of a run that waits for its pending actions. */
    static final String SUSPENDED = "execution.suspended";

    @Transactional
    public void execution(EventEnvelope event) {
        JsonNode data = event.data();
        if (WebhookEventTypes.AGENT_EXECUTED.equals(event.type()) && data instanceof ObjectNode object) {
            data = agentExecuted(event.workspace(), object.deepCopy());
        }
        String type = SUSPENDED.equals(event.type()) ? WebhookEventTypes.EXECUTION_AWAITING_ACTION : event.type();
        deliveries.enqueue(event.workspace(), event.id(), type, event.time(), data);
    }

    /** An event delivered as it is (agent.*, credits.low). */
    @Transactional
    public void agent(EventEnvelope event) {
        deliveries.enqueue(event.workspace(), event.id(), event.type(), event.time(), event.data());
    }

    /** The subscriber's agent.executed: the event's fields without billing's, plus the execution's timestamps. */
    private JsonNode agentExecuted(String workspaceId, ObjectNode data) {
        INTERNAL_FIELDS.forEach(data::remove);
        String executionId = data.path("execution_id").asText(null);
        if (executionId != null) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select created_at, started_at, completed_at from execution "
                            + "where id = ?1 and workspace_id = ?2")
                    .setParameter(1, executionId).setParameter(2, workspaceId).getResultList();
            if (!rows.isEmpty()) {
                data.put("created_at", iso(rows.get(0)[0]));
                data.put("started_at", iso(rows.get(0)[1]));
                data.put("completed_at", iso(rows.get(0)[2]));
            }
        }
        return data;
    }

    private static String iso(Object value) {
        Instant instant = value instanceof Timestamp t ? t.toInstant() : value instanceof Instant i ? i
                : value instanceof OffsetDateTime o ? o.toInstant() : null;
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
