package dev.agentplane.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

/** agent.* events leave through the outbox after commit, keyed by agent id, with the version; failures send none. */
@QuarkusTest
class AgentEventsTest {
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;
    @Inject
    ObjectMapper mapper;

    @Test
    void createUpdateDeleteArePublishedInOrderWithVersions() throws Exception {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        try (KafkaConsumer<String, String> consumer = KafkaSupport.consumer(kafka, "test.agent.events")) {
            String id = Api.createSimple(ws);
            Api.create(ws, Api.simpleAgent(id, "duplicate")).statusCode(409);
            given().auth().oauth2(ws.token()).contentType("application/json").body("{\"tools\": [\"nope\"]}")
                    .when().patch("/v1/agents/" + id).then().statusCode(400);
            given().auth().oauth2(ws.token()).contentType("application/json").body("{\"name\": \"v2\"}")
                    .when().patch("/v1/agents/" + id).then().statusCode(200);
            given().auth().oauth2(ws.token()).when().delete("/v1/agents/" + id).then().statusCode(200);

            List<ConsumerRecord<String, String>> seen = KafkaSupport.pollUntil(consumer, records -> records.stream()
                    .anyMatch(r -> id.equals(r.key()) && r.value().contains("\"agent.deleted\"")));
            List<JsonNode> mine = seen.stream().filter(r -> id.equals(r.key())).map(r -> read(r.value())).toList();
            assertEquals(List.of("agent.created", "agent.updated", "agent.deleted"),
                    mine.stream().map(e -> e.get("type").asText()).toList(), "events: " + mine);
            assertEquals(List.of(1, 2, 2), mine.stream().map(e -> e.at("/data/version").asInt()).toList());
            mine.forEach(e -> {
                assertEquals(id, e.at("/data/agent_id").asText());
                assertEquals(ws.workspaceId(), e.get("workspace").asText());
                assertEquals(ws.tenantId(), e.get("tenant").asText());
                assertEquals("agentplane/agent-registry", e.get("source").asText());
            });
            ConsumerRecord<String, String> created = seen.stream().filter(r -> id.equals(r.key())).findFirst().orElseThrow();
            assertEquals("agent.created", new String(created.headers().lastHeader("ce_type").value()));
        }
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
