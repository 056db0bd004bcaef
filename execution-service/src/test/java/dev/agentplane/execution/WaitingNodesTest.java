package dev.agentplane.execution;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Workflow nodes that wait for the outside (seed 003's HumanGate and waiting_for_external_event): a human gate
 * suspends the run for a person's form, whose values are the node's output and route the workflow; an external event
 * node waits until the event is posted with the workspace's key or to the action's callback URL, or expires.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class WaitingNodesTest {
    @Inject
    Fakes fakes;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    /** writer → {@code waiting} node → (on the gate's approved, or always) publisher, which reads the wait's output. */
    private String workflow(String publisherMarker, ObjectNode waiting, boolean conditional) {
        String writer = Fakes.marker();
        fakes.llm(writer, "A draft about AI", 4, 3);
        fakes.llm(publisherMarker, "Published post", 8, 3);
        return fakes.agent(ws, a -> {
            ObjectNode sc = a.putObject("system_config").put("name", "Reviewed").put("entry_point", "writer");
            ArrayNode nodes = sc.putArray("agents");
            nodes.addObject().put("name", "writer").put("system_prompt", "Write. " + writer);
            nodes.add(waiting);
            nodes.addObject().put("name", "publisher")
                    .put("system_prompt", "Publish {{writer.output}} as {{" + waiting.get("name").asText() + ".output}} "
                            + publisherMarker);
            ArrayNode edges = sc.putArray("edges");
            edges.addObject().put("from", "writer").put("to", waiting.get("name").asText());
            if (conditional) {
                edges.addObject().put("from", "gate").put("condition", "{{gate.output.approved}}")
                        .put("condition_type", "boolean").putObject("routing").put("yes", "publisher").put("no", "__end__");
            } else {
                edges.addObject().put("from", waiting.get("name").asText()).put("to", "publisher");
            }
            edges.addObject().put("from", "publisher").put("to", "__end__");
        });
    }

    private static ObjectNode gate() {
        ObjectNode gate = Fakes.JSON.createObjectNode().put("name", "gate").put("agent_type", "human_gate")
                .put("description", "Check the draft before it is published");
        ObjectNode schema = gate.putObject("structured_output").put("enabled", true).putObject("schema");
        schema.putObject("approved").put("type", "bool");
        schema.putObject("note").put("type", "str");
        return gate;
    }

    private static ObjectNode payment() {
        return Fakes.JSON.createObjectNode().put("name", "payment").put("agent_type", "external_event")
                .put("event", "payment.completed");
    }

    @Test
    void aHumanGateWaitsForTheFormAndItsValuesRouteTheWorkflow() {
        String publisher = Fakes.marker();
        String agent = workflow(publisher, gate(), true);
        JsonPath suspended = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Write about AI")).when().post("/v1/agents/" + agent + "/execute").then()
                .statusCode(200).body("status", is("awaiting_approval"),
                        "pending_actions", hasSize(1), "pending_actions[0].kind", is("approval"),
                        "pending_actions[0].tool", is("human_gate"),
                        "pending_actions[0].reason", is("Check the draft before it is published"),
                        "pending_actions[0].answer_schema.properties.tool_args.properties.approved.type", is("boolean"))
                .extract().jsonPath();
        String id = suspended.getString("execution_id");
        String gateCall = suspended.getString("pending_actions[0].tool_call_id");
        given().auth().oauth2(TestTokens.newWorkspace().token()).contentType("application/json")
                .body(Map.of("decisions", List.of(Map.of("tool_call_id", gateCall, "confirmed", true))))
                .when().post("/v1/executions/" + id + "/approval").then().statusCode(404);

        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("decisions", List.of(Map.of("tool_call_id", gateCall, "confirmed", true,
                        "tool_args", Map.of("approved", true, "note", "ship it")))))
                .when().post("/v1/executions/" + id + "/approval").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(ws.token())
                .when().get("/v1/executions/" + id).then()
                .body("status", is("completed"), "path", contains("writer", "gate", "publisher"),
                        "output.text", is("Published post")));
        String prompt = fakes.llmRequests(publisher).get(0).getBodyAsString();
        assertTrue(prompt.contains("ship it"), "the form's values are the gate's output: " + prompt);
    }

    @Test
    void aRejectedGateCancelsTheRun() {
        String agent = workflow(Fakes.marker(), gate(), true);
        JsonPath suspended = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Write")).when().post("/v1/agents/" + agent + "/execute").then()
                .statusCode(200).extract().jsonPath();
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("decisions", List.of(Map.of("tool_call_id", suspended.getString("pending_actions[0].tool_call_id"),
                        "confirmed", false))))
                .when().post("/v1/executions/" + suspended.getString("execution_id") + "/approval").then().statusCode(200)
                .body("status", is("cancelled"));
    }

    @Test
    void anExternalEventResumesTheRunThroughItsCallbackUrlOrWithTheKey() {
        String publisher = Fakes.marker();
        String agent = workflow(publisher, payment(), false);
        JsonPath suspended = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Sell")).when().post("/v1/agents/" + agent + "/execute").then()
                .statusCode(200).body("status", is("waiting_for_external_event"),
                        "pending_actions[0].kind", is("external_event"), "pending_actions[0].tool", is("payment.completed"),
                        "pending_actions[0].callback_url", containsString("/external-events/"))
                .extract().jsonPath();
        String id = suspended.getString("execution_id");
        String callback = URI.create(suspended.getString("pending_actions[0].callback_url")).getPath();
        // a wrong token or a wrong event name is refused; the callback needs no key
        given().contentType("application/json").body(Map.of("name", "payment.completed"))
                .when().post("/v1/executions/" + id + "/external-events/not-the-token").then().statusCode(404);
        given().contentType("application/json").body(Map.of("name", "refund.created"))
                .when().post(callback).then().statusCode(400);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("name", "refund.created"))
                .when().post("/v1/executions/" + id + "/external-events").then().statusCode(404)
                .body("code", is("EVENT_NOT_AWAITED"));
        given().auth().oauth2(TestTokens.newWorkspace().token()).contentType("application/json")
                .body(Map.of("name", "payment.completed")).when().post("/v1/executions/" + id + "/external-events")
                .then().statusCode(404);

        given().contentType("application/json").body(Map.of("name", "payment.completed",
                        "payload", Map.of("amount", 42, "currency", "EUR")))
                .when().post(callback).then().statusCode(202).body("status", is("in_progress"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(ws.token())
                .when().get("/v1/executions/" + id).then()
                .body("status", is("completed"), "path", contains("writer", "payment", "publisher")));
        assertTrue(fakes.llmRequests(publisher).get(0).getBodyAsString().contains("EUR"), "the payload is the node's output");
        given().contentType("application/json").body(Map.of("name", "payment.completed"))
                .when().post(callback).then().statusCode(409);

        // the same with the workspace's key
        String second = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Sell again")).when().post("/v1/agents/" + agent + "/execute").then()
                .statusCode(200).extract().path("execution_id");
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("name", "payment.completed", "payload", Map.of("amount", 1)))
                .when().post("/v1/executions/" + second + "/external-events").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(ws.token())
                .when().get("/v1/executions/" + second).then().body("status", is("completed")));
    }

    @Test
    void anEventThatNeverArrivesTakesItsDefaultOutcome() {
        String agent = workflow(Fakes.marker(), payment(), false);
        String id = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Sell", "pending_action_ttl", 1)).when().post("/v1/agents/" + agent + "/execute")
                .then().statusCode(200).body("status", is("waiting_for_external_event")).extract().path("execution_id");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(ws.token())
                .when().get("/v1/executions/" + id).then()
                .body("status", is("cancelled"), "error.message", containsString("did not arrive in time")));
    }
}
