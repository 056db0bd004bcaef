package dev.agentplane.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** credits.low: published once, by the charge that takes the balance under the workspace's threshold. */
@QuarkusTest
class LowBalanceAlertTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @ConfigProperty(name = "agentplane.topic-prefix")
    String prefix;

    @Test
    void aChargeCrossingTheThresholdPublishesCreditsLowOnce() throws Exception {
        Fixtures.Account acc = Fixtures.account("team", 10_000);
        acc.asKey().contentType("application/json").body(Map.of("threshold", 9_000)).put("/v1/credits/low-balance-alert")
                .then().statusCode(200).body("low_balance_threshold", is(9000), "balance", is(10000));
        acc.asKey().contentType("application/json").body(Map.of("threshold", -1)).put("/v1/credits/low-balance-alert")
                .then().statusCode(400);
        Fixtures.Account other = Fixtures.account("team", 10_000);
        other.asKey().get("/v1/credits").then().body("low_balance_threshold", nullValue());
        try (KafkaConsumer<String, String> events = fromNow()) {
            charge(acc, 500);   // 9,500: above
            charge(acc, 600);   // 8,900: crosses
            charge(acc, 100);   // 8,800: already under
            List<JsonNode> low = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 15_000;
            long quietUntil = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, quietUntil)) {
                for (var record : events.poll(Duration.ofMillis(200))) {
                    JsonNode event = JSON.readTree(record.value());
                    if (acc.workspaceId().equals(record.key()) && "credits.low".equals(event.path("type").asText())) {
                        low.add(event);
                        quietUntil = System.currentTimeMillis() + 2_000;
                    }
                }
            }
            assertEquals(1, low.size(), "once per crossing");
            assertEquals(8_900, low.get(0).path("data").path("balance").asLong());
            assertEquals(9_000, low.get(0).path("data").path("threshold").asLong());
        }
    }

    private static void charge(Fixtures.Account acc, long amount) {
        String id = "exec-" + UUID.randomUUID();
        acc.asService().body(Map.of("execution_id", id, "amount", 1_000)).post("/internal/credits/reservations")
                .then().statusCode(201);
        acc.asService().body(Map.of("amount", amount)).post("/internal/credits/reservations/" + id + "/capture")
                .then().statusCode(200);
    }

    private KafkaConsumer<String, String> fromNow() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        List<TopicPartition> partitions = consumer.partitionsFor(prefix + "billing.events").stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }
}
