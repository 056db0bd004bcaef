package dev.agentplane.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.Sse;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Seed 003's client-fulfilled tools: the run suspends, the client posts results, the run goes on by itself. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class ClientToolsTest {
    private static final Map<String, Object> LEDGER = Map.of("name", "query_transactions",
            "description", "Query the user's local transaction ledger",
            "parameters", Map.of("type", "object", "properties", Map.of("days", Map.of("type", "integer"))));

    @Inject
    Fakes fakes;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private String agent() {
        return fakes.agent(ws, a -> ((ObjectNode) a.get("config")).put("accepts_client_tools", true));
    }

    @Test
    void aClientToolCallSuspendsTheRunAndItsResultResumesIt() {
        String agent = agent();
        String marker = Fakes.marker();
        fakes.llmTools(marker, Map.of("query_transactions", "{\"days\":7}"), "You spent 5.50", 10, 4);

        JsonPath suspended = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Summarise my week " + marker, "client_tools", List.of(LEDGER)))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("status", is("awaiting_client_tool"), "pending_actions", hasSize(1),
                        "pending_actions[0].kind", is("client_tool"), "pending_actions[0].tool_call_id", is("call_0"),
                        "pending_actions[0].tool", is("query_transactions"), "pending_actions[0].arguments.days", is(7),
                        "pending_actions[0].answer_schema.type", is("object"), "pending_actions[0].expires_at", notNullValue())
                .extract().jsonPath();
        String id = suspended.getString("execution_id");
        String offered = fakes.llmRequests(marker).get(0).getBodyAsString();
        assertTrue(offered.contains("query_transactions"), "the client tool is offered to the model");
        given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id + "/pending-actions").then().statusCode(200)
                .body("items.tool_call_id", contains("call_0"));

        TestTokens.Workspace other = TestTokens.newWorkspace();
        given().auth().oauth2(other.token()).contentType("application/json")
                .body(Map.of("tool_call_id", "call_0", "outcome", "success", "result", Map.of("total", 5.5)))
                .when().post("/v1/executions/" + id + "/tool-result").then().statusCode(404);
        given().auth().oauth2(other.token()).when().get("/v1/executions/" + id + "/pending-actions").then().statusCode(404);
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("tool_call_id", "call_9", "outcome", "success"))
                .when().post("/v1/executions/" + id + "/tool-result").then().statusCode(404).body("code", is("TOOL_CALL_NOT_FOUND"));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("tool_call_id", "call_0", "outcome", "maybe"))
                .when().post("/v1/executions/" + id + "/tool-result").then().statusCode(400);

        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("tool_call_id", "call_0", "outcome", "success", "result", Map.of("transactions", List.of(), "total", 5.5)))
                .when().post("/v1/executions/" + id + "/tool-result").then().statusCode(202)
                .body("status", is("in_progress"), "open_tool_calls", empty());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(ws.token())
                .when().get("/v1/executions/" + id).then().statusCode(200)
                .body("status", is("completed"), "output.text", is("You spent 5.50"), "pending_actions", empty(),
                        "messages.role", contains("assistant", "tool", "assistant"),
                        "messages[1].content", allOf(containsString("\"total\":5.5"), containsString("\"transactions\":[]")),
                        "usage.output_tokens", is(8)));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("tool_call_id", "call_0", "outcome", "success"))
                .when().post("/v1/executions/" + id + "/tool-result").then().statusCode(409)
                .body("code", is("ACTION_ALREADY_ANSWERED"), "outcome", is("success"));
    }

    @Test
    void parallelCallsAnsweredOneByOneResumeOnlyOnTheLastAndTheStreamGoesOn() {
        String agent = agent();
        String marker = Fakes.marker();
        fakes.llmToolsTwice(marker, "query_transactions", "{\"days\":1}", "{\"days\":2}");
        fakes.llmTools(marker, Map.of("unused", "{}"), "Both answered", 10, 4);

        String id = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Two " + marker, "client_tools", List.of(LEDGER)))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("pending_actions.tool_call_id", contains("call_0", "call_1")).extract().path("execution_id");
        // the run's stream ends with the suspension: a reader is not left waiting
        List<Sse.Event> events = Sse.parse(given().auth().oauth2(ws.token())
                .when().get("/v1/executions/" + id + "/events").then().statusCode(200).extract().asString());
        List<String> types = events.stream().map(Sse.Event::type).toList();
        assertEquals(List.of("start", "tool_call_awaiting_client", "tool_call_awaiting_client", "suspended"), types);
        assertEquals("call_1", events.get(2).data().getString("tool_call_id"));

        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("tool_call_id", "call_0", "outcome", "success", "result", "one"))
                .when().post("/v1/executions/" + id + "/tool-result").then().statusCode(202)
                .body("status", is("awaiting_client_tool"), "open_tool_calls", contains("call_1"));
        given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id).then()
                .body("status", is("awaiting_client_tool"));

        List<Sse.Event> rest = Sse.parse(given().auth().oauth2(ws.token()).contentType("application/json")
                .accept("text/event-stream").body(List.of(Map.of("tool_call_id", "call_1", "outcome", "error", "result", "no access")))
                .when().post("/v1/executions/" + id + "/tool-result").then().statusCode(200).extract().asString());
        assertEquals("final", rest.get(rest.size() - 1).type());
        assertTrue(Integer.parseInt(rest.get(0).id()) > Integer.parseInt(events.get(3).id()), "the stream goes on after the suspension");
        // the client's answers are on the stream as tool results, in the order the model made the calls
        List<Sse.Event> results = rest.stream().filter(e -> e.type().equals("tool_result")).toList();
        assertEquals(List.of("call_0", "call_1"), results.stream().map(e -> e.data().getString("tool_call_id")).toList());
        assertTrue(results.get(0).data().getString("result").contains("one"), results.get(0).data().prettify());
        assertTrue(results.get(1).data().getBoolean("is_error"));
        assertEquals("client", results.get(1).data().getString("source"));
        given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id).then()
                .body("status", is("completed"), "steps.findAll { it.type == 'tool_call' }.error", contains(false, true));
    }

    @Test
    void anUnansweredCallExpiresAndTheRunGoesOnWithTheFailure() {
        String agent = agent();
        String marker = Fakes.marker();
        fakes.llmTools(marker, Map.of("query_transactions", "{}"), "The ledger was not available", 10, 4);
        String id = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Week " + marker, "client_tools", List.of(LEDGER), "pending_action_ttl", 1))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("status", is("awaiting_client_tool")).extract().path("execution_id");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(ws.token())
                .when().get("/v1/executions/" + id).then()
                .body("status", is("completed"), "messages[1].content", containsString("expired")));
    }

    @Test
    void clientToolsNeedAnAgentThatAcceptsThem() {
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "hi", "client_tools", List.of(LEDGER)))
                .when().post("/v1/agents/" + fakes.agent(ws) + "/execute").then().statusCode(400)
                .body("errors.field", hasItem("client_tools"));
    }
}
