package dev.agentplane.e2e;

import dev.agentplane.e2e.support.Platform;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;

/** Seed 002 (Atom) replayed through the gateway: create, execute sync and async + poll, training; X-API-Key. */
class AtomCompatE2ETest {
    private static RequestSpecification client(Platform.Workspace ws) {
        return Platform.anonymous().header("X-API-Key", ws.apiKey()).contentType("application/json");
    }

    @Test
    void createExecuteSyncAndAsyncThenTraining() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agentId = client(ws).body(Map.of("name", "Research Assistant", "role", "general-assistant",
                        "maturity_level", "student", "capabilities", List.of("web_browsing", "search", "summarization"),
                        "configuration", Map.of("temperature", 0.7, "max_tokens", 2000)))
                .when().post("/api/agents").then().statusCode(201)
                .body("success", is(true), "data.agent.id", startsWith("agent_"), "data.agent.role", is("general-assistant"),
                        "data.agent.tenant_id", is(ws.tenantId()), "meta.request_id", notNullValue())
                .extract().path("data.agent.id");

        client(ws).when().get("/api/agents?page=1&limit=10&maturity_level=student").then().statusCode(200)
                .body("data.agents.id", contains(agentId), "data.pagination.pages", is(1));

        client(ws).body(Map.of("task", "Analyze Q4 sales data", "context", Map.of("quarter", "Q4", "year", 2024)))
                .when().post("/api/agents/" + agentId + "/execute").then().statusCode(200)
                .body("success", is(true), "data.status", is("completed"), "data.agent_id", is(agentId),
                        "data.result.summary", not(emptyOrNullString()), "data.started_at", notNullValue(),
                        "data.completed_at", notNullValue(), "data.duration_seconds", notNullValue());

        String poll = client(ws).header("Prefer", "respond-async").body(Map.of("task", "Search for AI papers"))
                .when().post("/api/agents/" + agentId + "/execute").then().statusCode(202)
                .body("data.status", is("in_progress"), "data.poll_url", startsWith("/api/agents/" + agentId + "/executions/"))
                .extract().path("data.poll_url");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client(ws).when().get(poll).then().statusCode(200)
                .body("data.status", is("completed"), "data.progress", is(100)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client(ws).when().get("/api/agents/" + agentId + "/training")
                .then().statusCode(200).body("success", is(true), "data.learning_statistics.total_experiences", is(2),
                        "data.learning_statistics.successful_experiences", is(2),
                        "data.graduation_readiness.current_level", is("student"),
                        "data.graduation_readiness.episodes_until_exam", is(8)));
        client(ws).when().get("/api/agents/" + agentId).then().statusCode(200)
                .body("data.agent.statistics.total_executions", is(2), "data.agent.graduation.episodes_until_exam", is(8));
    }

    @Test
    void updateDeleteAndErrorsInTheSeedsShape() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agentId = client(ws).body(Map.of("name", "Finance Assistant", "role", "finance-agent",
                        "maturity_level", "intern", "capabilities", List.of("analyze", "report", "forecast")))
                .when().post("/api/agents").then().statusCode(201).extract().path("data.agent.id");
        client(ws).body(Map.of("name", "Senior Research Assistant", "configuration", Map.of("temperature", 0.8)))
                .when().put("/api/agents/" + agentId).then().statusCode(200)
                .body("data.agent.name", is("Senior Research Assistant"), "data.agent.configuration.temperature", is(0.8f));
        client(ws).body(Map.of("maturity_level", "autonomous")).when().put("/api/agents/" + agentId).then()
                .statusCode(400).body("success", is(false), "error.code", is("INVALID_INPUT"));
        client(Platform.newWorkspace()).when().get("/api/agents/" + agentId).then().statusCode(404)
                .body("success", is(false), "error.code", is("AGENT_NOT_FOUND"));
        Platform.anonymous().when().get("/api/agents").then().statusCode(401).body("error.code", is("UNAUTHORIZED"));
        client(ws).when().delete("/api/agents/" + agentId).then().statusCode(200)
                .body("data.deleted", is(true), "data.agent_id", is(agentId));
    }

    /** The free tier allows 25 agents (billing's tier table): the 26th create is seed 002's AGENT_LIMIT_EXCEEDED. */
    @Test
    void theTiersAgentLimitIsAgentLimitExceeded() {
        Platform.Workspace ws = Platform.newWorkspace("free", 1_000_000);
        for (int i = 0; i < 25; i++) {
            client(ws).body(Map.of("name", "Agent " + i, "role", "general-assistant", "maturity_level", "student"))
                    .when().post("/api/agents").then().statusCode(201);
        }
        client(ws).body(Map.of("name", "One too many", "role", "general-assistant", "maturity_level", "student"))
                .when().post("/api/agents").then().statusCode(403)
                .body("success", is(false), "error.code", is("AGENT_LIMIT_EXCEEDED"));
    }
}
