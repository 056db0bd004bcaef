package dev.agentplane.kit.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.kit.request.RequestIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.UncheckedIOException;

/**
 * Publishes events through the transactional outbox: the event row commits or rolls back with the
 * state change it describes, and {@link OutboxRelay} sends it to Kafka after the commit.
 */
@ApplicationScoped
public class EventPublisher {
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper mapper;
    @Inject
    Topics topics;
    @Inject
    OutboxRelay relay;
    @Inject
    TransactionSynchronizationRegistry transactions;

    @ConfigProperty(name = "quarkus.application.name")
    String serviceName;

    /** Writes the event in the caller's transaction; it reaches Kafka only if that transaction commits. */
    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope publish(String topic, String key, String type, String tenant, String workspace,
                                 String subject, Object data) {
        EventEnvelope event = EventEnvelope.of(type, "agentplane/" + serviceName, tenant, workspace, subject, data,
                mapper);
        String payload;
        try {
            payload = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        em.createNativeQuery("insert into outbox_event (id, topic, event_key, event_type, payload, request_id) "
                        + "values (cast(?1 as uuid), ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, event.id())
                .setParameter(2, topics.name(topic))
                .setParameter(3, key)
                .setParameter(4, type)
                .setParameter(5, payload)
                .setParameter(6, RequestIds.current())
                .executeUpdate();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
        return event;
    }
}
