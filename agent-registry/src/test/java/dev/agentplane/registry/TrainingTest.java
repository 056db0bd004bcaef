package dev.agentplane.registry;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training statistics from consumed execution and feedback events (replays counted once), and promotion. */
@QuarkusTest
class TrainingTest {
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private void executed(String eventId, String workspace, String agentId, String status, String type) {
        String data = """
                {"agent_id":"%s","agent_version":1,"execution_id":"exec_%s","session_id":null,"status":"%s",
                 "usage":{"input_tokens":10,"output_tokens":5,"total_tokens":15},"cost":120,"latency_ms":200,
                 "error":null}""".formatted(agentId, eventId, status);
        KafkaSupport.send(kafka, "test.execution.events", agentId,
                KafkaSupport.envelope(eventId, type, workspace, "exec_" + eventId, data));
    }

    private void feedback(String eventId, String agentId, int value, Integer previous) {
        String data = """
                {"session_id":"s1","message_id":"m_%s","execution_id":"e1","agent_id":"%s","value":%d,
                 "previous_value":%s}""".formatted(eventId, agentId, value, previous);
        KafkaSupport.send(kafka, "test.session.events", agentId,
                KafkaSupport.envelope(eventId, "feedback.recorded", ws.workspaceId(), "s1", data));
    }

    private io.restassured.response.ValidatableResponse training(String id) {
        return given().auth().oauth2(ws.token()).when().get("/v1/agents/" + id + "/training").then().statusCode(200);
    }

    @Test
    void executionsAreCountedOnceAndUnknownTypesAndWorkspacesIgnored() {
        String id = Api.createSimple(ws);
        String first = UUID.randomUUID().toString();
        executed(first, ws.workspaceId(), id, "completed", "agent.executed");
        for (int i = 0; i < 8; i++) {
            executed(UUID.randomUUID().toString(), ws.workspaceId(), id, "completed", "agent.executed");
        }
        executed(first, ws.workspaceId(), id, "completed", "agent.executed");
        executed(first, ws.workspaceId(), id, "completed", "agent.executed");
        executed(UUID.randomUUID().toString(), ws.workspaceId(), id, "completed", "execution.started");
        executed(UUID.randomUUID().toString(), TestTokens.newWorkspace().workspaceId(), id, "completed", "agent.executed");
        KafkaSupport.send(kafka, "test.execution.events", id, "not json at all");
        executed(UUID.randomUUID().toString(), ws.workspaceId(), id, "cancelled", "agent.executed");
        String last = UUID.randomUUID().toString();
        executed(last, ws.workspaceId(), id, "failed", "agent.executed");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> training(id)
                .body("statistics.last_execution_id", is("exec_" + last)));
        training(id).body("agent_id", is(id), "maturity_level", is("student"),
                "statistics.total_executions", is(11), "statistics.successful_executions", is(9),
                "statistics.failed_executions", is(1), "statistics.cancelled_executions", is(1),
                "statistics.success_rate", is(0.9f), "statistics.total_tokens", is(165),
                "statistics.avg_latency_ms", is(200), "statistics.last_execution_at", notNullValue(),
                "graduation.current_level", is("student"), "graduation.next_level", is("intern"),
                "graduation.executions_at_level", is(10), "graduation.eligible_levels", contains("intern"),
                "graduation.episodes_until_review", is(0), "graduation.readiness_score", is(1.0f),
                "graduation.criteria.min_executions", is(10));
    }

    @Test
    void feedbackVotesCanChangeAndReplaysCountOnce() {
        String id = Api.createSimple(ws);
        feedback(UUID.randomUUID().toString(), id, 1, null);
        feedback(UUID.randomUUID().toString(), id, -1, 1);
        String third = UUID.randomUUID().toString();
        feedback(third, id, 1, null);
        feedback(third, id, 1, null);
        feedback(UUID.randomUUID().toString(), id, 1, null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> training(id)
                .body("statistics.feedback.positive", is(2)));
        training(id).body("statistics.feedback.negative", is(1), "statistics.feedback.score", is(0.333f),
                "statistics.total_executions", is(0), "graduation.eligible_levels", empty(),
                "graduation.episodes_until_review", is(10));
    }

    @Test
    void promotionFollowsThePolicyAndPublishesAGraduation() {
        String ready = Api.createSimple(ws);
        String last = null;
        for (int i = 0; i < 10; i++) {
            last = UUID.randomUUID().toString();
            executed(last, ws.workspaceId(), ready, "completed", "agent.executed");
        }
        String lastId = last;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> training(ready)
                .body("statistics.last_execution_id", is("exec_" + lastId)));
        try (KafkaConsumer<String, String> consumer = KafkaSupport.consumer(kafka, "test.agent.events")) {
            given().auth().oauth2(ws.token()).when().post("/v1/agents/" + ready + "/promote").then().statusCode(200)
                    .body("agent_id", is(ready), "previous_level", is("student"), "new_level", is("intern"),
                            "version", is(2));
            var seen = KafkaSupport.pollUntil(consumer, rs -> rs.stream()
                    .anyMatch(r -> ready.equals(r.key()) && r.value().contains("agent.graduated")));
            assertTrue(seen.stream().anyMatch(r -> ready.equals(r.key()) && r.value().contains("\"new_level\":\"intern\"")
                    && r.value().contains("\"previous_level\":\"student\"")), "no agent.graduated event");
        }
        given().auth().oauth2(ws.token()).when().get("/v1/agents/" + ready).then()
                .body("maturity_level", is("intern"), "version", is(2));
        given().auth().oauth2(ws.token()).when().get("/v1/agents/" + ready + "/versions").then()
                .body("items.change", contains("promoted", "created"));
        training(ready).body("graduation.current_level", is("intern"), "graduation.executions_at_level", is(0),
                "statistics.total_executions", is(10));
        given().auth().oauth2(ws.token()).when().post("/v1/agents/" + ready + "/promote").then().statusCode(409)
                .body("code", is("PROMOTION_NOT_ALLOWED"), "readiness.next_level", is("supervised"));
    }

    @Test
    void anAgentWithoutHistoryCannotBePromoted() {
        String id = Api.createSimple(ws);
        given().auth().oauth2(ws.token()).when().post("/v1/agents/" + id + "/promote").then().statusCode(409)
                .contentType("application/problem+json").body("code", is("PROMOTION_NOT_ALLOWED"),
                        "readiness.eligible_levels", empty());
        training(id).body("statistics.success_rate", nullValue(), "graduation.readiness_score", is(0.2f));
    }
}
