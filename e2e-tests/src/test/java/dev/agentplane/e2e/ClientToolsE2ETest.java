package dev.agentplane.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.e2e.support.Platform;
import dev.agentplane.e2e.support.Sse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Seed 003's client-fulfilled tools through the gateway: suspend, tool-result, resume, parallel calls answered one by one. */
class ClientToolsE2ETest {
    private static final Map<String, Object> LEDGER = Map.of("name", "query_transactions",
            "description", "Query the user's local transaction ledger",
            "parameters", Map.of("type", "object", "properties", Map.of("start_date", Map.of("type", "string"))));
    private static final Map<String, Object> BALANCE = Map.of("name", "query_balance",
            "description", "The user's balance", "parameters", Map.of("type", "object"));

    private static String agent(Platform.Workspace ws) {
        String id = "e2e-client-" + UUID.randomUUID().toString().substring(0, 8);
        ws.given().contentType("application/json").body(Map.of("id", id, "name", "Ledger helper",
                        "system_prompt", "Help with money.", "config", Map.of("accepts_client_tools", true),
                        "llm_config", Map.of("provider", "openai", "model", "sim-1", "max_tokens", 100)))
                .when().post("/v1/agents").then().statusCode(201);
        return id;
    }

    private static Response execute(Platform.Workspace ws, String agent, String message, List<Map<String, Object>> tools) {
        return ws.given().contentType("application/json").body(Map.of("message", message, "client_tools", tools))
                .when().post("/v1/agents/" + agent + "/execute");
    }

    @Test
    void seed003FlowSuspendsAndAToolResultResumesIt() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = agent(ws);
        Response suspended = execute(ws, agent, "Summarise my last 7 days [sim:tool=query_transactions] "
                + "[sim:args={\"start_date\":\"2026-12-01\"}]", List.of(LEDGER));
        suspended.then().statusCode(200).body("status", is("awaiting_client_tool"),
                "pending_actions[0].tool", is("query_transactions"), "pending_actions[0].arguments.start_date", is("2026-12-01"));
        String id = suspended.path("execution_id");
        String call = suspended.path("pending_actions[0].tool_call_id");
        List<JsonNode> events = Sse.parse(ws.given().get("/v1/executions/" + id + "/events").then().statusCode(200).extract().asString());
        assertEquals(List.of("start", "tool_call_awaiting_client", "suspended"), events.stream().map(e -> e.path("type").asText()).toList());
        assertEquals(call, events.get(1).path("tool_call_id").asText());

        Platform.newWorkspace().given().contentType("application/json")
                .body(Map.of("tool_call_id", call, "outcome", "success", "result", Map.of("total", 5.5)))
                .when().post("/v1/executions/" + id + "/tool-result").then().statusCode(404);
        ws.given().contentType("application/json")
                .body(Map.of("tool_call_id", call, "outcome", "success", "result", Map.of("transactions", List.of(), "total", 5.5)))
                .when().post("/v1/executions/" + id + "/tool-result").then().statusCode(202).body("status", is("in_progress"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ws.given().get("/v1/executions/" + id).then()
                .body("status", is("completed"), "output.text", startsWith("Tool said:"), "output.text", containsString("5.5")));
    }

    @Test
    void twoParallelCallsAnsweredOneAtATimeAndTheLastResumesTheRun() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = agent(ws);
        Response suspended = execute(ws, agent, "Both [sim:tool=query_transactions,query_balance]", List.of(LEDGER, BALANCE));
        suspended.then().statusCode(200).body("pending_actions", hasSize(2));
        String id = suspended.path("execution_id");
        List<String> calls = suspended.path("pending_actions.tool_call_id");
        ws.given().contentType("application/json").body(Map.of("tool_call_id", calls.get(0), "outcome", "success", "result", "[]"))
                .when().post("/v1/executions/" + id + "/tool-result").then().statusCode(202)
                .body("status", is("awaiting_client_tool"), "open_tool_calls", contains(calls.get(1)));
        ws.given().contentType("application/json")
                .body(Map.of("tool_call_id", calls.get(1), "outcome", "success", "result", Map.of("balance", 12)))
                .when().post("/v1/executions/" + id + "/tool-result").then().statusCode(202).body("status", is("in_progress"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ws.given().get("/v1/executions/" + id).then()
                .body("status", is("completed")));
        // the suspension ended the first stream; a reader picks it up after the suspended event (Last-Event-ID)
        List<JsonNode> first = Sse.parse(ws.given().get("/v1/executions/" + id + "/events").then().statusCode(200).extract().asString());
        JsonNode suspendedEvent = first.get(first.size() - 1);
        assertEquals("suspended", suspendedEvent.path("type").asText());
        List<JsonNode> rest = Sse.parse(ws.given().header("Last-Event-ID", suspendedEvent.path("seq").asText())
                .get("/v1/executions/" + id + "/events").then().statusCode(200).extract().asString());
        assertEquals("final", rest.get(rest.size() - 1).path("type").asText(), "the stream goes on after the suspension");
    }
}
