package dev.agentplane.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

/** Lifecycle events and agent.executed reach execution.events through the outbox, keyed by execution id. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class EventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Fakes fakes;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void completedAndFailedExecutionsPublishAgentExecuted() throws Exception {
        String agent = fakes.agent(ws);
        String ok = Fakes.marker();
        String bad = Fakes.marker();
        fakes.llm(ok, "fine", 6, 4);
        fakes.llmError(bad, 500);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("test.execution.events"));
            consumer.poll(Duration.ofMillis(500));
            String done = given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", ok))
                    .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200).extract().path("execution_id");
            String failed = given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", bad))
                    .when().post("/v1/agents/" + agent + "/execute").then().statusCode(502).extract().path("execution_id");

            Map<String, List<JsonNode>> byExecution = new HashMap<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while ((count(byExecution, done) < 3 || count(byExecution, failed) < 3) && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    try {
                        byExecution.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(JSON.readTree(r.value()));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
            }
            assertEquals(List.of("execution.started", "execution.completed", "agent.executed"), types(byExecution, done));
            assertEquals(List.of("execution.started", "execution.failed", "agent.executed"), types(byExecution, failed));
            JsonNode executed = byExecution.get(done).get(2);
            assertEquals(ws.workspaceId(), executed.path("workspace").asText());
            JsonNode data = executed.path("data");
            assertEquals(agent, data.path("agent_id").asText());
            assertEquals(3, data.path("agent_version").asInt());
            assertEquals("completed", data.path("status").asText());
            assertEquals("fine", data.path("result").path("text").asText());
            assertEquals(10, data.path("usage").path("total_tokens").asInt());
            assertEquals(4, data.path("cost").asLong(), "priced by the hold's rule: billing captures this amount");
            assertEquals("sim-1", data.path("model").asText());
            assertEquals(6, data.path("usage").path("input_tokens").asInt());
            JsonNode failure = byExecution.get(failed).get(2).path("data");
            assertEquals("failed", failure.path("status").asText());
            assertEquals("EXECUTION_FAILED", failure.path("error").path("code").asText());
        }
    }

    private static int count(Map<String, List<JsonNode>> events, String id) {
        return events.getOrDefault(id, List.of()).size();
    }

    private static List<String> types(Map<String, List<JsonNode>> events, String id) {
        return events.getOrDefault(id, List.of()).stream().map(e -> e.path("type").asText()).toList();
    }

    private KafkaConsumer<String, String> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "events-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }
}
