package dev.agentplane.e2e;

import dev.agentplane.e2e.support.Platform;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.*;

/** Seed 004's /v2/agents curl lines through the gateway (chat, commit and toolkit run are not built yet). */
class V2AgentsCompatE2ETest {
    private static RequestSpecification curl(Platform.Workspace ws) {
        return Platform.anonymous().header("X-API-Key", ws.apiKey()).contentType("application/json");
    }

    @Test
    void createListGetBatchDelete() {
        Platform.Workspace ws = Platform.newWorkspace();
        String id = "code-reviewer-" + UUID.randomUUID().toString().substring(0, 6);
        curl(ws).body(Map.of("id", id, "name", "Code Reviewer Agent",
                        "template", "You are an expert code reviewer. Review code for bugs, security issues, and best practices.",
                        "description", "Reviews pull requests and code changes", "tags", List.of("engineering", "code-review"),
                        "config", Map.of("enable_memory", true, "enable_history", true, "num_history_runs", 5,
                                "enable_reasoning", true, "reasoning_min_steps", 2, "reasoning_max_steps", 8)))
                .when().post("/v2/agents").then().statusCode(201)
                .body("id", is(id), "version", is("1"), "message", is("Agent Code Reviewer Agent created successfully"),
                        "tags", contains("engineering", "code-review"));
        curl(ws).when().get("/v2/agents").then().statusCode(200).body("$", hasSize(1), "[0].id", is(id),
                "[0].template", startsWith("You are an expert code reviewer."), "[0].config.num_history_runs", is(5));
        curl(ws).when().get("/v2/agents/" + id).then().statusCode(200).body("config.reasoning_max_steps", is(8));
        curl(ws).body(Map.of("agent_ids", List.of(id, "sales-assistant"))).when().post("/v2/agents/batch").then()
                .statusCode(200).body("$", hasSize(1), "[0].id", is(id));
        curl(Platform.newWorkspace()).when().get("/v2/agents/" + id).then().statusCode(404);
        curl(ws).when().delete("/v2/agents/" + id).then().statusCode(200)
                .body("id", is(id), "message", is("Agent " + id + " deleted successfully"));
        curl(ws).when().get("/v2/agents/" + id).then().statusCode(404);
    }
}
