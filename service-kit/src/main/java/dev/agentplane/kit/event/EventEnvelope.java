package dev.agentplane.kit.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * A CloudEvents-style envelope around every event on Kafka. {@code data} is the event's own
 * payload: each producer and consumer keeps its own record type for it.
 */
public record EventEnvelope(String id, String type, String source, Instant time, String tenant, String workspace,
                            String subject, JsonNode data) {

    public static EventEnvelope of(String type, String source, String tenant, String workspace, String subject,
                                   Object data, ObjectMapper mapper) {
        return new EventEnvelope(UUID.randomUUID().toString(), type, source, Instant.now(), tenant, workspace,
                subject, mapper.valueToTree(data));
    }

    public static EventEnvelope parse(String json, ObjectMapper mapper) {
        try {
            return mapper.readValue(json, EventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not an event envelope", e);
        }
    }

    public <T> T dataAs(Class<T> type, ObjectMapper mapper) {
        try {
            return mapper.treeToValue(data, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("event " + id + " has unexpected data for " + type.getSimpleName(), e);
        }
    }
}
