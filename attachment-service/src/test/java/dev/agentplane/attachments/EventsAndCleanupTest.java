package dev.agentplane.attachments;

import dev.agentplane.attachments.cleanup.RetentionCleanup;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** Events leave through the outbox; the retention sweep removes only unreferenced uploads. */
@QuarkusTest
class EventsAndCleanupTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @Inject
    RetentionCleanup cleanup;

    @Test
    void uploadAndDeleteAreAnnounced() {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("test.attachment.events"));
            consumer.poll(Duration.ofMillis(500));
            String key = Api.uploaded(ws.token(), "e.txt", TestFiles.text("event"));
            given().auth().oauth2(ws.token()).when().delete("/v1/attachments/" + key).then().statusCode(204);
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().filter(r -> key.equals(r.key())).count() >= 2;
            });
            List<String> values = seen.stream().filter(r -> key.equals(r.key())).map(ConsumerRecord::value).toList();
            assertTrue(values.get(0).contains("\"type\":\"attachment.uploaded\""), values.get(0));
            assertTrue(values.get(0).contains("\"workspace\":\"" + ws.workspaceId() + "\""), values.get(0));
            assertTrue(values.get(0).contains("\"content_type\":\"text/plain\""), values.get(0));
            assertTrue(values.get(1).contains("\"type\":\"attachment.deleted\""), values.get(1));
            assertTrue(values.get(1).contains("\"reason\":\"deleted\""), values.get(1));
        }
    }

    @Test
    void unreferencedUploadsExpireAndReferencedOnesStay() {
        String unused = Api.uploaded(ws.token(), "unused.txt", TestFiles.text("nobody used me"));
        String used = Api.uploaded(ws.token(), "used.txt", TestFiles.text("an execution used me"));
        given().auth().oauth2(ws.serviceToken()).when().get("/internal/attachments/" + used).then().statusCode(200);

        cleanup.sweep(Instant.now().minus(Duration.ofDays(1)));
        given().auth().oauth2(ws.token()).when().get("/v1/attachments/" + unused).then().statusCode(200);
        Instant cutoff = Instant.now().plusSeconds(1);
        while (cleanup.sweep(cutoff) > 0) {
            // sweeps run in batches; uploads of earlier tests go too
        }

        given().auth().oauth2(ws.token()).when().get("/v1/attachments/" + unused).then().statusCode(404);
        assertFalse(Files.exists(Path.of("target/test-storage").resolve(unused)), "expired bytes removed");
        given().auth().oauth2(ws.token()).when().get("/v1/attachments/" + used).then().statusCode(200);
        assertTrue(Files.exists(Path.of("target/test-storage").resolve(used)));
    }

    private KafkaConsumer<String, String> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "attachment-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }
}
