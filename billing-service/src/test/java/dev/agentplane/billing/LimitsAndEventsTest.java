package dev.agentplane.billing;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.agentplane.billing.Fixtures.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tier limits from billing's data reach the limiter at once; revocations and tier changes reach billing.access. */
@QuarkusTest
class LimitsAndEventsTest {
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Test
    void theFreeTierGives429AtExactlyFiftyADayAndATierChangeAppliesAtOnce() {
        Fixtures.Account acc = Fixtures.account("free", 0);
        for (int i = 1; i <= 50; i++) {
            acc.asKey().get("/v1/credits").then().statusCode(200)
                    .header("X-RateLimit-Limit", "50").header("X-RateLimit-Remaining", String.valueOf(50 - i))
                    .header("RateLimit-Policy", "\"minute\";q=60;w=60, \"day\";q=50;w=86400");
        }
        acc.asKey().get("/v1/credits").then().statusCode(429).body("code", is("RATE_LIMIT_EXCEEDED"))
                .header("Retry-After", notNullValue()).header("RateLimit", startsWith("\"day\";r=0;"));
        admin().body(Map.of("tier", "solo")).put("/v1/admin/workspaces/" + acc.workspaceId() + "/tier").then().statusCode(200);
        acc.asKey().get("/v1/credits").then().statusCode(200).header("X-RateLimit-Limit", "100");
        admin().body(Map.of("tier", "enterprise")).put("/v1/admin/workspaces/" + acc.workspaceId() + "/tier").then().statusCode(200);
        acc.asKey().get("/v1/credits").then().statusCode(200).header("X-RateLimit-Limit", nullValue());
    }

    @Test
    void revocationsTierChangesAndChargesArePublished() {
        Fixtures.Account acc = Fixtures.account("team", 1_000);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("test.billing.access"));
            consumer.poll(Duration.ofMillis(500));
            acc.asKey().delete("/v1/api-keys/" + acc.keyId()).then().statusCode(204);
            admin().body(Map.of("tier", "solo")).put("/v1/admin/workspaces/" + acc.workspaceId() + "/tier").then().statusCode(200);
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (seen.stream().filter(r -> acc.workspaceId().equals(r.key())).count() < 2
                    && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            List<String> mine = seen.stream().filter(r -> acc.workspaceId().equals(r.key())).map(ConsumerRecord::value).toList();
            assertTrue(mine.stream().anyMatch(v -> v.contains("\"type\":\"api-key.revoked\"") && v.contains(acc.keyId())
                    && v.contains("\"key_hash\":")), mine.toString());
            assertTrue(mine.stream().anyMatch(v -> v.contains("\"type\":\"workspace.tier-changed\"")
                    && v.contains("\"per_minute\":100")), mine.toString());
        }
        given().header("X-API-Key", acc.key()).get("/v1/credits").then().statusCode(401);
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"),
                ConsumerConfig.GROUP_ID_CONFIG, "billing-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    }
}
