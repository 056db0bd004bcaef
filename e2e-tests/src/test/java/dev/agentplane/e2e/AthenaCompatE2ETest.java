package dev.agentplane.e2e;

import dev.agentplane.e2e.support.Platform;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.*;

/**
 * Seed 003's routes through the gateway with X-API-Key and X-Workspace-Id: conversations, execute (sync with the
 * conversation, stream, batch), preview, the client-tool flow with the root tool-result, and the upload.
 */
class AthenaCompatE2ETest {
    private static RequestSpecification athena(Platform.Workspace ws) {
        return Platform.anonymous().header("X-API-Key", ws.apiKey())
                .header("X-Workspace-Id", "workspace:" + ws.workspaceId()).contentType("application/json");
    }

    @Test
    void conversationsAreCreatedResumedAndArchived() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = ws.newAgent("You help.", 50);
        String id = athena(ws).body(Map.of("agent_id", "agent:" + agent)).when().post("/my/conversations").then()
                .statusCode(201).body("agent_id", is(agent)).extract().path("id");
        athena(ws).body(Map.of("agent_id", "agent:" + agent)).when().post("/my/conversations").then().statusCode(200)
                .body("id", is(id));
        athena(ws).when().post("/my/conversations/" + id + "/archive").then().statusCode(200)
                .body("status", is("archived"));
        athena(ws).body(Map.of("agent_id", "agent:" + agent)).when().post("/my/conversations").then().statusCode(201)
                .body("id", not(is(id)));
        Platform.anonymous().header("X-API-Key", ws.apiKey()).header("X-Workspace-Id", "workspace:someone-else")
                .contentType("application/json").body(Map.of("agent_id", agent)).when().post("/my/conversations")
                .then().statusCode(403).body("code", is("WORKSPACE_MISMATCH"));
        athena(Platform.newWorkspace()).when().post("/my/conversations/" + id + "/archive").then().statusCode(404);
    }

    @Test
    void executeInAConversationStreamBatchAndPreview() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = ws.newAgent("You help.", 50);
        String conversation = athena(ws).body(Map.of("agent_id", "agent:" + agent)).when().post("/my/conversations")
                .then().statusCode(201).extract().path("id");
        athena(ws).body(Map.of("message", "My name is Ada [sim:reply=Hello Ada]", "conversation_scope", conversation,
                        "external_user_id", "firebase_uid_xyz", "variables", Map.of("tone", "professional")))
                .when().post("/agents/agent:" + agent + "/execute").then().statusCode(200)
                .header("X-Credits-Remaining", notNullValue())
                .body("data.execution_id", notNullValue(), "data.status", is("completed"),
                        "data.output.text", is("Hello Ada"), "data.output.usage.total_tokens", greaterThan(0),
                        "data.output.cost_microdollars", greaterThanOrEqualTo(0), "data.latency_ms", notNullValue());
        athena(ws).body(Map.of("message", "What did I say? [sim:recall]", "conversation_scope", conversation))
                .when().post("/agents/agent:" + agent + "/execute").then().statusCode(200)
                .body("data.output.text", containsString("My name is Ada"));
        String stream = athena(ws).body(Map.of("message", "Stream it [sim:reply=one two]"))
                .when().post("/agents/agent:" + agent + "/execute/stream").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(stream.contains("\"type\":\"start\"") && stream.contains("\"type\":\"final\""), stream);
        String batch = athena(ws).body(Map.of("items", java.util.List.of(Map.of("key", "item-1", "message", "One"),
                        Map.of("key", "item-2", "message", "Two"))))
                .when().post("/agents/agent:" + agent + "/execute/batch").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(batch.contains("batch_started") && batch.contains("batch_completed"), batch);
        athena(ws).body(Map.of("inputs", Map.of("tone", "professional", "length", "long")))
                .when().post("/agents/agent:" + agent + "/preview-credits").then().statusCode(200)
                .body("data.agent_id", is(agent));
        athena(Platform.newWorkspace()).body(Map.of("message", "hi")).when().post("/agents/agent:" + agent + "/execute")
                .then().statusCode(404);
    }

    @Test
    void aClientToolSuspendsAndTheRootToolResultResumesIt() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = "athena-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        ws.given().contentType("application/json").body(Map.of("id", agent, "name", "Ledger", "system_prompt", "Help.",
                        "config", Map.of("accepts_client_tools", true),
                        "llm_config", Map.of("provider", "openai", "model", "sim-1", "max_tokens", 100)))
                .when().post("/v1/agents").then().statusCode(201);
        var suspended = athena(ws).body(Map.of("message", "Summarise my last 7 days [sim:tool=query_transactions]",
                        "client_tools", java.util.List.of(Map.of("name", "query_transactions",
                                "description", "Query the user's local transaction ledger",
                                "parameters", Map.of("type", "object")))))
                .when().post("/agents/agent:" + agent + "/execute").then().statusCode(200)
                .body("data.status", is("awaiting_client_tool"), "data.pending_actions", hasSize(1)).extract();
        String id = suspended.path("data.execution_id");
        athena(ws).body(Map.of("tool_call_id", suspended.path("data.pending_actions[0].tool_call_id"), "outcome", "success",
                        "result", Map.of("transactions", java.util.List.of(), "total", 5.50)))
                .when().post("/executions/" + id + "/tool-result").then().statusCode(202)
                .body("data.status", is("in_progress"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                ws.given().get("/v1/executions/" + id).then().body("status", is("completed")));
    }

    @Test
    void aFileIsUploadedAtTheSeedsPath() {
        Platform.Workspace ws = Platform.newWorkspace();
        Platform.anonymous().header("X-API-Key", ws.apiKey()).header("X-Workspace-Id", "workspace:" + ws.workspaceId())
                .multiPart("file", "notes.txt", "Some notes".getBytes(), "text/plain")
                .when().post("/attachments/upload").then().statusCode(201).body("storage_key", not(emptyOrNullString()));
    }
}
