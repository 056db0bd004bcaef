package dev.agentplane.e2e;

import dev.agentplane.e2e.support.McpTestServer;
import dev.agentplane.e2e.support.Platform;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Tools of an MCP server the test starts (on 127.0.0.2, the suite's allowed tool range) through the gateway: the
 * simulated model calls {@code calc__add}, the server sees the call once with the agent's header, and
 * {@code GET /v1/executions/{id}/steps} lists the model turns and the call; another workspace gets 404.
 */
class McpE2ETest {
    private static final String SECRET = "e2e-mcp-secret-51c9";
    private static McpTestServer mcp;

    @BeforeAll
    static void start() throws Exception {
        mcp = new McpTestServer("127.0.0.2");
    }

    @AfterAll
    static void stop() throws Exception {
        mcp.close();
    }

    private static String agentWith(Platform.Workspace ws, String url) {
        String id = "e2e-mcp-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> server = Map.of("name", "calc", "url", url, "headers", Map.of("X-Api-Key", SECRET));
        ws.given().contentType("application/json").body(Map.of("id", id, "name", "MCP " + id,
                        "system_prompt", "Use your tools.",
                        "config", Map.of("worker_config", Map.of("mcp_servers", List.of(server))),
                        "llm_config", Map.of("provider", "openai", "model", "sim-1", "max_tokens", 200)))
                .when().post("/v1/agents").then().statusCode(201);
        return id;
    }

    @Test
    void theModelCallsAnMcpToolAndTheStepsListIt() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = agentWith(ws, mcp.url());
        int before = mcp.adds.get();
        String answer = ws.given().contentType("application/json")
                .body(Map.of("message", "Add 2 and 3. [sim:tool=calc__add] [sim:args={\"a\":2,\"b\":3}]"))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("status", is("completed"), "output.text", containsString("sum=5.0"))
                .extract().asString();
        assertEquals(before + 1, mcp.adds.get(), "the server saw the call once");
        assertEquals(SECRET, mcp.apiKeys.get(mcp.apiKeys.size() - 1));
        assertFalse(answer.contains(SECRET), "the header's value is never in an answer");
        String execution = new JsonPath(answer).getString("execution_id");

        ws.given().when().get("/v1/executions/" + execution + "/steps").then().statusCode(200)
                .body("execution_id", is(execution), "steps.type", contains("model_call", "tool_call", "model_call"),
                        "steps[0].usage.total_tokens", greaterThan(0), "steps[0].duration_ms", greaterThanOrEqualTo(0),
                        "steps[1].toolkit", is("calc"), "steps[1].name", is("calc__add"),
                        "steps[1].arguments.a", is(2), "steps[1].result", is("sum=5.0"), "steps[1].state", is("done"),
                        "steps[1].started_at", notNullValue(), "steps[1].duration_ms", greaterThanOrEqualTo(0));
        String events = ws.given().when().get("/v1/executions/" + execution + "/events").then().statusCode(200)
                .extract().asString();
        assertTrue(events.contains("calc__add"), events);
        assertFalse(events.contains(SECRET), "nor in an event");

        Platform.newWorkspace().given().when().get("/v1/executions/" + execution + "/steps").then().statusCode(404)
                .body("code", is("EXECUTION_NOT_FOUND"));
    }

    @Test
    void aServerOutsideTheAllowedRangeIsNeverContacted() throws Exception {
        // a real MCP server on 127.0.0.1: loopback outside the suite's allowance (127.0.0.2/32)
        try (McpTestServer refused = new McpTestServer("127.0.0.1")) {
            Platform.Workspace ws = Platform.newWorkspace();
            String agent = agentWith(ws, refused.url());
            ws.given().contentType("application/json")
                    .body(Map.of("message", "Add. [sim:tool=calc__add] [sim:args={\"a\":1,\"b\":1}]"))
                    .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                    .body("output.text", containsString("No tool 'calc__add' is offered"));
            assertEquals(0, refused.requests.get());
        }
    }

    @Test
    void theRegistryRefusesABadServer() {
        Platform.Workspace ws = Platform.newWorkspace();
        ws.given().contentType("application/json").body(Map.of("name", "bad",
                        "config", Map.of("worker_config", Map.of("mcp_servers",
                                List.of(Map.of("name", "a__b", "url", "ftp://x.example/"))))))
                .when().post("/v1/agents").then().statusCode(400)
                .body("issues.pointer", hasItems("/config/worker_config/mcp_servers/0/name",
                        "/config/worker_config/mcp_servers/0/url"));
    }
}
