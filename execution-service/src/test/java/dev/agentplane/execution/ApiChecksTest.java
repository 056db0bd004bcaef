package dev.agentplane.execution;

import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.Sse;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Input limits, credentials and scopes, batch, preview, the list and the internal API. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class ApiChecksTest {
    @Inject
    Fakes fakes;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void invalidBodiesAre400WithTheFieldNamed() {
        String agent = fakes.agent(ws, a -> {
            a.putArray("tools").add("calculator");
            ((com.fasterxml.jackson.databind.node.ObjectNode) a.get("config")).put("accepts_client_tools", true);
        });
        invalid(agent, Map.of(), "message");
        invalid(agent, Map.of("message", ""), "message");
        invalid(agent, Map.of("message", "x".repeat(65_537)), "message");
        invalid(agent, Map.of("content", List.of(Map.of("type", "audio"))), "content[0]");
        invalid(agent, Map.of("message", "hi", "mode", "later"), "mode");
        invalid(agent, Map.of("message", "hi", "client_tools", List.of(Map.of("name", "Bad-Name"))), "client_tools[0].name");
        invalid(agent, Map.of("message", "hi", "client_tools", IntStream.range(0, 33)
                .mapToObj(i -> Map.of("name", "tool_" + i)).toList()), "client_tools");
        invalid(agent, Map.of("message", "hi", "client_tools", List.of(Map.of("name", "calculator"))),
                "client_tools[0].name");
        invalid(agent, Map.of("message", "hi", "variables", Map.of("big", "v".repeat(17_000))), "variables");
        invalid(fakes.agent(ws), Map.of("message", "hi", "client_tools", List.of(Map.of("name", "lookup"))), "client_tools");
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"message\": ")
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(400).body("code", is("MALFORMED_JSON"));
    }

    @Test
    void thirtyTwoValidClientToolsAndAMaxLengthMessageAreAccepted() {
        String agent = fakes.agent(ws, a -> ((com.fasterxml.jackson.databind.node.ObjectNode) a.get("config"))
                .put("accepts_client_tools", true));
        String marker = Fakes.marker();
        fakes.llm(marker, "fine", 1, 1);
        Map<String, Object> body = new HashMap<>();
        body.put("message", marker + "x".repeat(65_536 - marker.length()));
        body.put("client_tools", IntStream.range(0, 32).mapToObj(i -> Map.of("name", "tool_" + i)).toList());
        given().auth().oauth2(ws.token()).contentType("application/json").body(body)
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200);
    }

    @Test
    void credentialsAndScopesAreChecked() {
        String agent = fakes.agent(ws);
        given().contentType("application/json").body(Map.of("message", "hi"))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(401);
        // an execution key limited to other agents cannot see this one
        given().auth().oauth2(ws.executeToken("some-other-agent")).contentType("application/json")
                .body(Map.of("message", "hi")).when().post("/v1/agents/" + agent + "/execute").then().statusCode(404)
                .body("code", is("AGENT_NOT_FOUND"));
        String marker = Fakes.marker();
        fakes.llm(marker, "allowed", 1, 1);
        given().auth().oauth2(ws.executeToken(agent)).contentType("application/json").body(Map.of("message", marker))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200);
        given().auth().oauth2(ws.executeToken(agent)).when().get("/v1/executions").then().statusCode(403);
        given().auth().oauth2(ws.token()).when().get("/internal/executions/active?agent_id=" + agent).then().statusCode(403);
    }

    @Test
    void theListShowsOnlyThisWorkspacesExecutions() {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "one", 1, 1);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200);
        given().auth().oauth2(ws.token()).when().get("/v1/executions?agent_id=" + agent).then().statusCode(200)
                .body("items", hasSize(1), "pagination.total", is(1), "items[0].status", is("completed"));
        given().auth().oauth2(TestTokens.newWorkspace().token()).when().get("/v1/executions").then().statusCode(200)
                .body("items", hasSize(0));
        given().auth().oauth2(ws.token()).when().get("/v1/executions?limit=500").then().statusCode(400);
        given().auth().oauth2(ws.serviceToken()).when().get("/internal/executions/active?agent_id=" + agent)
                .then().statusCode(200).body("agent_id", is(agent), "active", is(0));
    }

    @Test
    void aBatchRunsEveryItemAndOneFailureDoesNotFailTheRest() {
        String agent = fakes.agent(ws);
        String ok1 = Fakes.marker();
        String ok2 = Fakes.marker();
        String bad = Fakes.marker();
        fakes.llm(ok1, "first", 2, 2);
        fakes.llm(ok2, "second", 2, 3);
        fakes.llmError(bad, 500);
        String body = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("items", List.of(Map.of("key", "a", "message", ok1), Map.of("key", "b", "message", bad),
                        Map.of("key", "c", "message", ok2))))
                .when().post("/v1/agents/" + agent + "/execute/batch").then().statusCode(200).extract().asString();
        List<Sse.Event> events = Sse.parse(body);
        assertEquals("batch_started", events.get(0).type());
        assertEquals(3, events.get(0).data().getInt("total"));
        Map<String, String> statuses = new HashMap<>();
        events.stream().filter(e -> e.type().equals("batch_progress"))
                .forEach(e -> statuses.put(e.data().getString("key"), e.data().getString("status")));
        assertEquals(Map.of("a", "completed", "b", "failed", "c", "completed"), statuses);
        Sse.Event done = events.get(events.size() - 1);
        assertEquals("batch_completed", done.type());
        assertEquals(2, done.data().getInt("succeeded"));
        assertEquals(1, done.data().getInt("failed"));

        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("items", List.of()))
                .when().post("/v1/agents/" + agent + "/execute/batch").then().statusCode(400);
        given().auth().oauth2(TestTokens.newWorkspace().token()).contentType("application/json")
                .body(Map.of("items", List.of(Map.of("key", "a", "message", "x"))))
                .when().post("/v1/agents/" + agent + "/execute/batch").then().statusCode(404);
    }

    @Test
    void previewPricesTheMostAnExecutionCanCost() {
        String agent = fakes.agent(ws);
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("inputs", Map.of("persona", "a judge"), "message", "hello there"))
                .when().post("/v1/agents/" + agent + "/preview-credits").then().statusCode(200)
                .body("agent_id", is(agent), "model", is("sim-1"), "max_output_tokens", is(100), "amount", is(100),
                        "estimated_input_tokens", greaterThan(0), "pricing.rule", notNullValue(),
                        // one call … the step limit (25 calls of at most 100 output tokens each)
                        "range.min", is(100), "range.held", is(100), "range.held_calls", is(1),
                        "range.max", is(2500), "range.step_limit", is(25));
        given().auth().oauth2(TestTokens.newWorkspace().token()).contentType("application/json").body(Map.of())
                .when().post("/v1/agents/" + agent + "/preview-credits").then().statusCode(404);
    }

    private void invalid(String agent, Map<String, Object> body, String field) {
        given().auth().oauth2(ws.token()).contentType("application/json").body(body)
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(400)
                .contentType("application/problem+json").body("code", is("INVALID_INPUT"), "errors.field", hasItem(field));
    }
}
