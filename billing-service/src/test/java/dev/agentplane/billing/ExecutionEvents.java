package dev.agentplane.billing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.kit.testing.TestKafka;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/** agent.executed events as the execution service publishes them, sent to the test broker's execution.events. */
@ApplicationScoped
public class ExecutionEvents {
    public static final String TOPIC = "test.execution.events";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    /** An execution that held credits of its own (agent agent-s, model sim-1, 40 + 60 tokens). */
    public static String executed(Fixtures.Account acc, String executionId, String status, long cost) {
        return envelope(acc, executionId, data(executionId, status, cost));
    }

    /** An execution that drew its hold from a lease. */
    public static String drawn(Fixtures.Account acc, String executionId, String status, long cost, String leaseId,
                               long hold) {
        Map<String, Object> data = data(executionId, status, cost);
        data.put("lease_id", leaseId);
        data.put("hold", hold);
        return envelope(acc, executionId, data);
    }

    private static Map<String, Object> data(String executionId, String status, long cost) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agent_id", "agent-s");
        data.put("execution_id", executionId);
        data.put("status", status);
        data.put("model", "sim-1");
        data.put("usage", Map.of("input_tokens", 40, "output_tokens", 60, "total_tokens", 100));
        data.put("cost", cost);
        return data;
    }

    private static String envelope(Fixtures.Account acc, String executionId, Map<String, Object> data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("type", "agent.executed");
        envelope.put("source", "execution-service");
        envelope.put("time", Instant.now().toString());
        envelope.put("tenant", acc.tenantId());
        envelope.put("workspace", acc.workspaceId());
        envelope.put("subject", executionId);
        envelope.put("data", data);
        try {
            return JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the events keyed by the workspace, as the execution service does, and waits until the broker has them. */
    public void publish(Fixtures.Account acc, String... events) throws ExecutionException, InterruptedException {
        try (KafkaProducer<String, String> producer = producer()) {
            for (String event : events) {
                producer.send(new ProducerRecord<>(TOPIC, acc.workspaceId(), event)).get();
            }
        }
    }

    public KafkaProducer<String, String> producer() {
        return TestKafka.producer(kafkaConfig);
    }
}
