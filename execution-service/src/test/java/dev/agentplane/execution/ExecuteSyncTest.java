package dev.agentplane.execution;

import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Sync execute of agents and sessions: prompt, history, credits, the answer's shape. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class ExecuteSyncTest {
    @Inject
    Fakes fakes;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void statelessAgentExecuteAnswersWithUsageCostAndCredits() {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "Ahoy there", 11, 7);

        JsonPath body = given().auth().oauth2(ws.token()).contentType("application/json")
                .header("X-Correlation-Id", "corr-1")
                .body(Map.of("message", "hello " + marker, "variables", Map.of("persona", "a parrot"),
                        "correlation_id", "corr-1"))
                .when().post("/v1/agents/" + agent + "/execute")
                .then().statusCode(200).header("X-Credits-Remaining", "999093")
                .body("status", is("completed"), "agent_id", is(agent), "agent_version", is(3),
                        "session_id", nullValue(), "output.text", is("Ahoy there"),
                        "messages[0].role", is("assistant"), "messages[0].content", is("Ahoy there"),
                        "usage.input_tokens", is(11), "usage.output_tokens", is(7), "usage.total_tokens", is(18),
                        "cost", is(7), "latency_ms", greaterThanOrEqualTo(0),
                        "metadata.execution_id", notNullValue(), "metadata.correlation_id", is("corr-1"),
                        "metadata.usage.input_tokens", is(11), "metadata.event_count", is(2))
                .extract().jsonPath();
        String id = body.getString("execution_id");

        String prompt = fakes.llmRequests(marker).get(0).getBodyAsString();
        assertTrue(prompt.contains("You are a parrot."), prompt);
        // billing prices the hold on the most it can use (the prompt and max_tokens); the run is priced by the
        // hold's rule (7 output tokens × 1) and left to billing to capture from agent.executed: no capture call
        fakes.wm().verifyThat(postRequestedFor(urlPathEqualTo("/internal/credits/reservations"))
                .withRequestBody(matchingJsonPath("$.execution_id", equalTo(id)))
                .withRequestBody(matchingJsonPath("$.output_tokens", equalTo("100")))
                .withRequestBody(matchingJsonPath("$.input_tokens", matching("[1-9][0-9]*")))
                .withRequestBody(matchingJsonPath("$.amount", absent())));
        assertEquals(0, fakes.requests(postRequestedFor(
                urlPathEqualTo("/internal/credits/reservations/" + id + "/capture"))).size());

        given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id).then().statusCode(200)
                .body("status", is("completed"), "output.text", is("Ahoy there"), "cost", is(7),
                        "poll_url", is("/v1/executions/" + id));
    }

    @Test
    void sessionExecuteSeesHistoryAndVariablesAndAppendsTheRun() {
        String agent = fakes.agent(ws);
        String session = fakes.session(ws, agent, Fakes.history("exec-old", "My name is Ann", "Hello Ann"));
        String marker = Fakes.marker();
        fakes.llm(marker, "Your name is Ann", 30, 5);

        JsonPath answer = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("content", "What is my name? " + marker))
                .when().post("/v1/sessions/" + session + "/execute")
                .then().statusCode(200)
                .body("status", is("completed"), "session_id", is(session), "agent_id", is(agent),
                        "output.text", is("Your name is Ann"))
                .extract().jsonPath();
        String id = answer.getString("execution_id");
        String answerId = answer.getString("messages[-1].id");

        String prompt = fakes.llmRequests(marker).get(0).getBodyAsString();
        assertTrue(prompt.contains("You are a pirate."), "session variables render the template: " + prompt);
        assertTrue(prompt.indexOf("My name is Ann") < prompt.indexOf("Hello Ann")
                && prompt.indexOf("Hello Ann") < prompt.indexOf(marker), "history precedes the new turn: " + prompt);
        // the answer does not wait for the append (session/PendingHistory)
        await().untilAsserted(() -> fakes.wm().verifyThat(postRequestedFor(urlPathEqualTo("/internal/sessions/" + session + "/runs"))
                .withRequestBody(matchingJsonPath("$.execution_id", equalTo(id)))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo("Your name is Ann")))
                // the session keeps the answer under the id the execute returned (feedback finds it)
                .withRequestBody(matchingJsonPath("$.messages[1].id", equalTo(answerId)))
                .withRequestBody(matchingJsonPath("$.messages[1].usage.output_tokens", equalTo("5")))));
    }

    /**
     * Seed 000: a session execute's inputs become the session's variables (only those that changed: the stored
     * persona is not sent again); request variables do not.
     */
    @Test
    void aSessionExecutesInputsAreSavedAsTheSessionsVariables() {
        String agent = fakes.agent(ws);
        String session = fakes.session(ws, agent, null);
        String marker = Fakes.marker();
        fakes.llm(marker, "Noted", 30, 5);
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("content", "Hello " + marker, "inputs", Map.of("user_id", "user_12345", "persona", "a pirate"),
                        "variables", Map.of("current_query", "refunds")))
                .when().post("/v1/sessions/" + session + "/execute").then().statusCode(200);
        fakes.wm().verifyThat(1, patchRequestedFor(urlPathEqualTo("/v1/sessions/" + session))
                .withHeader("Authorization", matching("Bearer .+"))
                .withRequestBody(equalToJson("{\"variables\":{\"user_id\":\"user_12345\"}}")));

        String same = fakes.session(ws, agent, null);
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("content", "Hello again " + marker, "inputs", Map.of("persona", "a pirate")))
                .when().post("/v1/sessions/" + same + "/execute").then().statusCode(200);
        fakes.wm().verifyThat(0, patchRequestedFor(urlPathEqualTo("/v1/sessions/" + same)));
    }

    @Test
    void anInlineConfigSessionRunsItsOwnDefinition() {
        String session = fakes.inlineSession(ws, "You are an inline helper.");
        String marker = Fakes.marker();
        fakes.llm(marker, "inline answer", 4, 2);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .when().post("/v1/sessions/" + session + "/execute").then().statusCode(200)
                .body("output.text", is("inline answer"), "agent_id", is("inline:" + session));
        assertTrue(fakes.llmRequests(marker).get(0).getBodyAsString().contains("You are an inline helper."));
    }

    @Test
    void shortOfCreditsIs402AndNothingRuns() {
        String agent = fakes.agent(ws);
        fakes.noCredits(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "never", 1, 1);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", "hi " + marker))
                .when().post("/v1/agents/" + agent + "/execute")
                .then().statusCode(402).contentType("application/problem+json").body("code", is("INSUFFICIENT_CREDITS"));
        assertEquals(0, fakes.llmRequests(marker).size());
        // the execution row was written while billing answered, and rolled back when it refused
        given().auth().oauth2(ws.token()).when().get("/v1/executions?agent_id=" + agent).then().statusCode(200)
                .body("pagination.total", is(0));
    }

    @Test
    void aHoldWithoutItsPricingRuleIsCapturedByACall() {
        // as answered by a billing service from before holds carried their rule (a rolling upgrade)
        fakes.holdsWithoutPrice(ws);
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "priced by billing", 4, 6);
        String id = given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("cost", is(6)).header("X-Credits-Remaining", "998765").extract().path("execution_id");
        fakes.wm().verifyThat(1, postRequestedFor(urlPathEqualTo("/internal/credits/reservations/" + id + "/capture"))
                .withRequestBody(matchingJsonPath("$.output_tokens", equalTo("6"))));
    }

    @Test
    void unknownAgentsAndSessionsAre404() {
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", "hi"))
                .when().post("/v1/agents/nope/execute").then().statusCode(404).body("code", is("AGENT_NOT_FOUND"));
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", "hi"))
                .when().post("/v1/sessions/nope/execute").then().statusCode(404).body("code", is("SESSION_NOT_FOUND"));
        given().auth().oauth2(ws.token()).when().get("/v1/executions/nope").then().statusCode(404)
                .body("code", is("EXECUTION_NOT_FOUND"));
    }
}
