package dev.agentplane.execution;

import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed 002's execute (sync and async) and execution status at /api/agents/{id}/…, in seed 002's envelope. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class AtomExecuteCompatTest {
    @Inject
    Fakes fakes;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void syncExecuteRendersTaskContextAndParameters() {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "Q4 sales increased by 15% compared to Q3...", 20, 9);
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("task", "Analyze Q4 sales data " + marker, "context", Map.of("quarter", "Q4", "year", 2024),
                        "parameters", Map.of("include_citations", true)))
                .when().post("/api/agents/" + agent + "/execute").then().statusCode(200)
                .body("success", is(true), "data.execution_id", notNullValue(), "data.agent_id", is(agent),
                        "data.status", is("completed"),
                        "data.result.summary", is("Q4 sales increased by 15% compared to Q3..."),
                        "data", hasKey("confidence"), "data.reasoning_trace[0].role", is("assistant"),
                        "data.started_at", matchesPattern(".+T.+Z"), "data.completed_at", matchesPattern(".+T.+Z"),
                        "data.duration_seconds", isA(Integer.class), "meta.timestamp", notNullValue(),
                        "meta.request_id", notNullValue());
        String prompt = fakes.llmRequests(marker).get(0).getBodyAsString();
        assertTrue(prompt.contains("Analyze Q4 sales data") && prompt.contains("\\\"quarter\\\":\\\"Q4\\\"")
                && prompt.contains("include_citations"), prompt);
    }

    @Test
    void asyncExecuteAnswersAPollUrlThatEndsCompleted() {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "Task completed successfully", 5, 4);
        String poll = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("task", "Search for AI papers " + marker, "async", true))
                .when().post("/api/agents/" + agent + "/execute").then().statusCode(202)
                .body("success", is(true), "data.execution_id", notNullValue(), "data.agent_id", is(agent),
                        "data.status", is("in_progress"), "data.message", is("Task is being processed"),
                        "data.poll_url", startsWith("/api/agents/" + agent + "/executions/"))
                .extract().path("data.poll_url");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ws.token()).when().get(poll)
                .then().statusCode(200).body("data.status", is("completed")));
        given().auth().oauth2(ws.token()).when().get(poll).then().statusCode(200)
                .body("success", is(true), "data.agent_id", is(agent), "data.progress", is(100),
                        "data.result.summary", is("Task completed successfully"),
                        "data.started_at", notNullValue(), "data.completed_at", notNullValue());
    }

    @Test
    void errorsAreInSeed002sShape() {
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("task", "x"))
                .when().post("/api/agents/nope/execute").then().statusCode(404)
                .body("success", is(false), "error.code", is("AGENT_NOT_FOUND"), "error.message", notNullValue());
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("context", Map.of()))
                .when().post("/api/agents/nope/execute").then().statusCode(400)
                .body("success", is(false), "error.code", is("INVALID_INPUT"));
        given().contentType("application/json").body(Map.of("task", "x"))
                .when().post("/api/agents/nope/execute").then().statusCode(401).body("error.code", is("UNAUTHORIZED"));
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "ok", 1, 1);
        String id = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("task", "t " + marker)).when().post("/api/agents/" + agent + "/execute").then()
                .statusCode(200).extract().path("data.execution_id");
        given().auth().oauth2(ws.token()).when().get("/api/agents/other-agent/executions/" + id).then().statusCode(404)
                .body("error.code", is("EXECUTION_NOT_FOUND"));
        given().auth().oauth2(TestTokens.newWorkspace().token()).when().get("/api/agents/" + agent + "/executions/" + id)
                .then().statusCode(404).body("success", is(false), "error.code", is("EXECUTION_NOT_FOUND"));
    }
}
