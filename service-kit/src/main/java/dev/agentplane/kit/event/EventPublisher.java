package dev.agentplane.kit.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.kit.data.AfterCommit;
import dev.agentplane.kit.request.RequestIds;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Publishes events through the transactional outbox: the event row commits or rolls back with the
 * state change it describes, and {@link OutboxRelay} sends it to Kafka after the commit.
 */
@ApplicationScoped
public class EventPublisher {
    private static final int COLUMNS = 7;

    @Inject
    EntityManager em;
    @Inject
    ObjectMapper mapper;
    @Inject
    Topics topics;
    @Inject
    OutboxRelay relay;
    @Inject
    AfterCommit afterCommit;

    @ConfigProperty(name = "quarkus.application.name")
    String serviceName;

    /** Writes the event in the caller's transaction; it reaches Kafka only if that transaction commits. */
    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope publish(String topic, String key, String type, String tenant, String workspace,
                                 String subject, Object data) {
        return publishAll(List.of(new Outgoing(topic, key, type, tenant, workspace, subject, data))).get(0);
    }

    /** An event to publish: the topic, the key that orders it, and its envelope's fields. */
    public record Outgoing(String topic, String key, String type, String tenant, String workspace, String subject,
                           Object data) {
    }

    /**
     * Writes the events in the caller's transaction with one statement (one round trip however many there
     * are), in this order; they reach Kafka only if that transaction commits.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<EventEnvelope> publishAll(List<Outgoing> outgoing) {
        StringBuilder sql = new StringBuilder(
                "insert into outbox_event (id, topic, event_key, event_type, payload, request_id, traceparent) values ");
        List<EventEnvelope> written = new ArrayList<>(outgoing.size());
        List<Object> parameters = new ArrayList<>(outgoing.size() * COLUMNS);
        String requestId = RequestIds.current();
        String traceparent = traceparent();
        for (Outgoing o : outgoing) {
            EventEnvelope event = EventEnvelope.of(o.type(), "agentplane/" + serviceName, o.tenant(), o.workspace(),
                    o.subject(), o.data(), mapper);
            int first = parameters.size() + 1;
            sql.append(written.isEmpty() ? "" : ", ").append("(cast(?").append(first).append(" as uuid)");
            for (int i = 1; i < COLUMNS; i++) {
                sql.append(", ?").append(first + i);
            }
            sql.append(')');
            parameters.addAll(Arrays.asList(event.id(), topics.name(o.topic()), o.key(), o.type(), json(event),
                    requestId, traceparent));
            written.add(event);
        }
        Query insert = em.createNativeQuery(sql.append(" returning seq").toString());
        for (int i = 0; i < parameters.size(); i++) {
            insert.setParameter(i + 1, parameters.get(i));
        }
        long oldest = insert.getResultList().stream().mapToLong(seq -> ((Number) seq).longValue()).min().orElseThrow();
        afterCommit.run(() -> relay.wake(oldest));
        return written;
    }

    /** The current span as a W3C traceparent; null when there is none (tracing off, no request). */
    static String traceparent() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
                : null;
    }

    private String json(EventEnvelope event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
