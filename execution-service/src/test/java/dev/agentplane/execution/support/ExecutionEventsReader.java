package dev.agentplane.execution.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What reaches <prefix>execution.events from now on, by execution id (the record key), from the real broker. */
public final class ExecutionEventsReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, List<JsonNode>> byExecution = new HashMap<>();

    /** {@code kafkaConfig}: the {@code default-kafka-broker} configuration of the service under test. */
    public ExecutionEventsReader(Map<String, Object> kafkaConfig) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "events-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("agentplane.topic-prefix", String.class) + "execution.events"));
        consumer.poll(Duration.ofMillis(500));
    }

    /** The execution's events once there are at least {@code count} of them, or all there are after 20 s. */
    public List<JsonNode> await(String executionId, int count) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (events(executionId).size() < count && System.currentTimeMillis() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                try {
                    byExecution.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(JSON.readTree(r.value()));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
        return events(executionId);
    }

    /** The types of the execution's events read so far, in order. */
    public List<String> types(String executionId) {
        return events(executionId).stream().map(e -> e.path("type").asText()).toList();
    }

    private List<JsonNode> events(String executionId) {
        return byExecution.getOrDefault(executionId, List.of());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
