package dev.agentplane.execution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.support.ExecutionEventsReader;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

/** Lifecycle events and agent.executed reach execution.events through the outbox, keyed by execution id. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class EventsTest {
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
        try (ExecutionEventsReader events = new ExecutionEventsReader(kafkaConfig)) {
            String done = given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", ok))
                    .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200).extract().path("execution_id");
            String failed = given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", bad))
                    .when().post("/v1/agents/" + agent + "/execute").then().statusCode(502).extract().path("execution_id");

            events.await(done, 3);
            events.await(failed, 3);
            assertEquals(List.of("execution.started", "execution.completed", "agent.executed"), events.types(done));
            assertEquals(List.of("execution.started", "execution.failed", "agent.executed"), events.types(failed));
            JsonNode executed = events.await(done, 3).get(2);
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
            JsonNode failure = events.await(failed, 3).get(2).path("data");
            assertEquals("failed", failure.path("status").asText());
            assertEquals("EXECUTION_FAILED", failure.path("error").path("code").asText());
        }
    }
}
