package dev.agentplane.e2e;

import com.sun.net.httpserver.HttpServer;
import dev.agentplane.e2e.support.Platform;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seed 004's paused tools and seed 002's governance through the gateway: a student agent's http_request (medium
 * risk, above its level) waits for approval; confirmed with edited arguments, the test server receives exactly
 * those; every call rejected cancels the run with seed 004's text and gives its credits back; governance: deny
 * refuses the call to the model; another workspace sees none of it.
 */
class ApprovalsE2ETest {
    private static HttpServer server;
    private static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startToolServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        server.createContext("/", exchange -> {
            SEEN.add(exchange.getRequestURI().toString());
            byte[] body = "{\"ok\": true}".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopToolServer() {
        server.stop(0);
    }

    private static String studentAgent(Platform.Workspace ws, String governance) {
        String id = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        ws.given().contentType("application/json").body(Map.of("id", id, "name", "Support " + id,
                        "system_prompt", "Use your tools.", "tools", List.of("http_request"), "maturity_level", "student",
                        "config", Map.of("governance", governance),
                        "llm_config", Map.of("provider", "openai", "model", "sim-1", "max_tokens", 200)))
                .when().post("/v1/agents").then().statusCode(201);
        return id;
    }

    private static Response fetch(Platform.Workspace ws, String agent, String path) {
        String url = "http://127.0.0.2:" + server.getAddress().getPort() + path;
        return ws.given().contentType("application/json")
                .body(Map.of("message", "Fetch it [sim:tool=http_request] [sim:args={\"url\":\"" + url + "\"}]"))
                .when().post("/v1/agents/" + agent + "/execute");
    }

    @Test
    void aCallAboveTheAgentsLevelWaitsAndRunsWithTheEditedArguments() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = studentAgent(ws, "approve");
        String marker = UUID.randomUUID().toString().substring(0, 8);
        Response suspended = fetch(ws, agent, "/original-" + marker);
        suspended.then().statusCode(200).body("status", is("awaiting_approval"), "pending_actions", hasSize(1),
                "pending_actions[0].kind", is("approval"), "pending_actions[0].tool", is("http_request"),
                "pending_actions[0].reason", containsString("student"));
        String id = suspended.path("execution_id");
        String call = suspended.path("pending_actions[0].tool_call_id");
        int version = suspended.path("version");
        ws.given().get("/v1/executions/" + id + "/events").then().statusCode(200)
                .body(containsString("\"type\":\"approval_required\""));
        ws.given().get("/v1/executions?status=awaiting_approval").then().statusCode(200)
                .body("items.execution_id", hasItem(id));
        // the waiting run holds its credits (its own hold, kept until its action expires)
        ws.given().get("/v1/credits").then().body("reserved", greaterThan(0));
        ws.given().get("/v1/credits/ledger?execution_id=" + id).then().body("items.kind", hasItem("reserve"));

        Platform.Workspace other = Platform.newWorkspace();
        Map<String, Object> edited = Map.of("decisions", List.of(Map.of("tool_call_id", call, "confirmed", true,
                "tool_args", Map.of("url", "http://127.0.0.2:" + server.getAddress().getPort() + "/edited-" + marker))));
        other.given().contentType("application/json").body(edited).when().post("/v1/executions/" + id + "/approval")
                .then().statusCode(404);
        other.given().get("/v1/executions/" + id + "/pending-actions").then().statusCode(404);

        ws.given().contentType("application/json").header("If-Match", String.valueOf(version)).body(edited)
                .when().post("/v1/executions/" + id + "/approval").then().statusCode(202).body("status", is("in_progress"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ws.given().get("/v1/executions/" + id).then()
                .body("status", is("completed")));
        assertEquals(List.of("/edited-" + marker), SEEN.stream().filter(u -> u.contains(marker)).toList(),
                "the tool ran once, with the arguments the person gave");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ws.given().get("/v1/credits/ledger?execution_id=" + id)
                .then().body("items.findAll { it.kind == 'capture' }", hasSize(1)));
    }

    @Test
    void rejectingEveryCallCancelsTheRunAndGivesItsCreditsBack() {
        Platform.Workspace ws = Platform.newWorkspace("team", 5_000);
        String agent = studentAgent(ws, "approve");
        String marker = UUID.randomUUID().toString().substring(0, 8);
        Response suspended = fetch(ws, agent, "/never-" + marker);
        String id = suspended.then().statusCode(200).extract().path("execution_id");
        String call = suspended.path("pending_actions[0].tool_call_id");
        ws.given().contentType("application/json")
                .body(Map.of("decisions", List.of(Map.of("tool_call_id", call, "confirmed", false))))
                .when().post("/v1/executions/" + id + "/approval").then().statusCode(200)
                .body("status", is("cancelled"));
        ws.given().get("/v1/executions/" + id).then().body("status", is("cancelled"),
                "error.message", is("Tool execution cancelled by user."));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ws.given().get("/v1/credits").then()
                .body("balance", is(5000)));
        assertEquals(0, SEEN.stream().filter(u -> u.contains(marker)).count());
    }

    @Test
    void aWorkflowWaitsForAPersonsFormAndThenForAnExternalEvent() {
        Platform.Workspace ws = Platform.newWorkspace();
        String id = ws.given().contentType("application/yaml").body(("""
                name: Order flow
                system_config:
                  entry_point: drafter
                  agents:
                    - name: drafter
                      system_prompt: Draft the order.
                    - name: review
                      agent_type: human_gate
                      description: Approve the order before it is paid
                      structured_output:
                        enabled: true
                        schema:
                          approved: {type: bool}
                    - name: payment
                      agent_type: external_event
                      event: payment.completed
                    - name: confirm
                      system_prompt: "Confirm the order [sim:echo]"
                  edges:
                    - {from: drafter, to: review}
                    - from: review
                      condition: "{{review.output.approved}}"
                      condition_type: boolean
                      routing: {yes: payment, no: __end__}
                    - {from: payment, to: confirm}
                    - {from: confirm, to: __end__}
                """).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/v1/agents").then().statusCode(201).extract().path("id");
        Response gate = ws.given().contentType("application/json").body(Map.of("message", "Order 3 chairs"))
                .when().post("/v1/agents/" + id + "/execute");
        gate.then().statusCode(200).body("status", is("awaiting_approval"), "pending_actions[0].tool", is("human_gate"));
        String execution = gate.path("execution_id");
        ws.given().contentType("application/json").body(Map.of("decisions", List.of(Map.of(
                        "tool_call_id", gate.path("pending_actions[0].tool_call_id"), "confirmed", true,
                        "tool_args", Map.of("approved", true)))))
                .when().post("/v1/executions/" + execution + "/approval").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ws.given().get("/v1/executions/" + execution).then()
                .body("status", is("waiting_for_external_event"), "pending_actions[0].tool", is("payment.completed")));
        String callback = ws.given().get("/v1/executions/" + execution + "/pending-actions").then().statusCode(200)
                .extract().path("items[0].callback_url");
        // the outside system posts without a key: the callback URL's token is its credential
        Platform.anonymous().contentType("application/json")
                .body(Map.of("name", "payment.completed", "payload", Map.of("paid", "EUR 90")))
                .when().post(callback).then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ws.given().get("/v1/executions/" + execution).then()
                .body("status", is("completed"), "path", contains("drafter", "review", "payment", "confirm")));
    }

    @Test
    void governanceDenyRefusesTheCallToTheModel() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = studentAgent(ws, "deny");
        String marker = UUID.randomUUID().toString().substring(0, 8);
        fetch(ws, agent, "/denied-" + marker).then().statusCode(200).body("status", is("completed"),
                "steps.findAll { it.type == 'tool_call' }[0].content", startsWith("GOVERNANCE_VIOLATION"));
        assertEquals(0, SEEN.stream().filter(u -> u.contains(marker)).count());
    }
}
