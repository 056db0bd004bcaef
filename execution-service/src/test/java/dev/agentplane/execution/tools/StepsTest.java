package dev.agentplane.execution.tools;

import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** GET /v1/executions/{id}/steps: model turns with timing, usage and cost, tool calls from the ledger; 404 elsewhere. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class StepsTest {
    @Inject
    Fakes fakes;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void listsModelTurnsAndToolCallsWithTimingsUsageAndCost() {
        String marker = Fakes.marker();
        String agent = fakes.agent(ws, a -> a.putArray("tools").add("calculator"));
        fakes.llmTools(marker, Map.of("calculator", "{\"expression\":\"(2+3)*4\"}"), "It is 20.", 12, 5);
        String execution = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "compute " + marker)).when().post("/v1/agents/" + agent + "/execute")
                .then().statusCode(200).body("status", is("completed")).extract().path("execution_id");

        given().auth().oauth2(ws.token()).when().get("/v1/executions/" + execution + "/steps").then().statusCode(200)
                .body("execution_id", is(execution), "status", is("completed"), "usage.total_tokens", is(34),
                        "steps.type", contains("model_call", "tool_call", "model_call"),
                        "steps.index", contains(0, 1, 2),
                        "steps[0].usage.input_tokens", is(12), "steps[0].usage.output_tokens", is(5),
                        "steps[0].cost", greaterThanOrEqualTo(0), "steps[0].duration_ms", greaterThanOrEqualTo(0),
                        "steps[0].started_at", notNullValue(), "steps[0].completed_at", notNullValue(),
                        "steps[1].name", is("calculator"), "steps[1].toolkit", is("builtin"),
                        "steps[1].tool_call_id", is("call_0"), "steps[1].arguments.expression", is("(2+3)*4"),
                        "steps[1].result.result", is(20), "steps[1].state", is("done"), "steps[1].is_error", is(false),
                        "steps[1].started_at", notNullValue(), "steps[1].duration_ms", greaterThanOrEqualTo(0),
                        "steps[1].attempts", is(1), "steps[2].usage.total_tokens", is(17));
    }

    @Test
    void anotherWorkspaceGets404() {
        String marker = Fakes.marker();
        String agent = fakes.agent(ws);
        fakes.llm(marker, "hi", 3, 2);
        String execution = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "hello " + marker)).when().post("/v1/agents/" + agent + "/execute")
                .then().statusCode(200).extract().path("execution_id");
        given().auth().oauth2(ws.token()).when().get("/v1/executions/" + execution + "/steps").then().statusCode(200)
                .body("steps.type", contains("model_call"));

        TestTokens.Workspace other = TestTokens.newWorkspace();
        given().auth().oauth2(other.token()).when().get("/v1/executions/" + execution + "/steps").then()
                .statusCode(404).body("code", is("EXECUTION_NOT_FOUND"));
        given().when().get("/v1/executions/" + execution + "/steps").then().statusCode(401);
    }
}
