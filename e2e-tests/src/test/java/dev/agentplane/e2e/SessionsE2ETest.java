package dev.agentplane.e2e;

import dev.agentplane.e2e.support.Platform;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;

/** Sessions and conversations through the gateway, with agents made in the real registry. */
class SessionsE2ETest {

    private static String newAgent(Platform.Workspace ws) {
        String id = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        ws.given().contentType("application/json")
                .body(Map.of("id", id, "name", "Agent " + id, "system_prompt", "You help.", "role", "general-assistant"))
                .when().post("/v1/agents").then().statusCode(201);
        return id;
    }

    @Test
    void aSessionFromAnAgentPinsItsVersion() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = newAgent(ws);
        String id = ws.given().contentType("application/json")
                .body(Map.of("agent_id", agent, "variables", Map.of("topic", "billing")))
                .when().post("/v1/sessions").then().statusCode(201)
                .body("agent_id", is(agent), "agent_version", is(1), "variables.topic", is("billing"))
                .extract().path("id");
        ws.given().when().get("/v1/sessions/" + id + "/status").then().statusCode(200).body("status", is("active"));
        ws.given().when().get("/v1/sessions/" + id + "/messages").then().statusCode(200).body("items", hasSize(0));
        ws.given().contentType("application/json").body(Map.of("agent_id", "no-such-agent"))
                .when().post("/v1/sessions").then().statusCode(404).body("code", is("AGENT_NOT_FOUND"));
    }

    @Test
    void anInlineConfigIsValidatedByTheRegistry() {
        Platform.Workspace ws = Platform.newWorkspace();
        ws.given().contentType("application/json")
                .body(Map.of("name", "Inline", "system_prompt", "You help.", "llm_config", Map.of("temperature", 0.2)))
                .when().post("/v1/sessions").then().statusCode(201).body("agent_config.name", is("Inline"));
        ws.given().contentType("application/json")
                .body(Map.of("name", "Bad", "llm_config", Map.of("temperature", 99)))
                .when().post("/v1/sessions").then().statusCode(400).body("code", is("INVALID_INPUT"),
                        "errors", not(empty()));
    }

    @Test
    void conversationsAreCreatedResumedAndRenewedAfterArchive() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = newAgent(ws);
        Map<String, Object> body = Map.of("agent_id", agent, "external_user_id", "user-e2e");
        String first = ws.asExecutor(agent).contentType("application/json").body(body)
                .when().post("/v1/conversations").then().statusCode(201).extract().path("id");
        ws.given().contentType("application/json").body(body)
                .when().post("/v1/conversations").then().statusCode(200).body("id", is(first));
        ws.given().when().post("/v1/conversations/" + first + "/archive").then().statusCode(200)
                .body("status", is("archived"));
        ws.given().contentType("application/json").body(body)
                .when().post("/v1/conversations").then().statusCode(201).body("id", not(first));
    }

    /** Feedback on the answer id an execute returned reaches that message (the session keeps the same id). */
    @Test
    void feedbackOnTheAnswerAnExecuteReturned() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = newAgent(ws);
        String conversation = ws.given().contentType("application/json")
                .body(Map.of("agent_id", agent, "external_user_id", "user-fb"))
                .when().post("/v1/conversations").then().statusCode(201).extract().path("id");
        String answer = ws.given().contentType("application/json").body(Map.of("message", "Rate me"))
                .when().post("/v1/sessions/" + conversation + "/execute").then().statusCode(200)
                .extract().path("messages[-1].id");
        await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> ws.given().contentType("application/json")
                .body(Map.of("value", 1)).when().post("/v1/conversations/" + conversation + "/messages/" + answer + "/feedback")
                .then().statusCode(200).body("value", is(1)));
    }

    @Test
    void anotherWorkspaceSeesNothing() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = newAgent(ws);
        String session = ws.given().contentType("application/json").body(Map.of("agent_id", agent))
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
        Platform.Workspace other = Platform.newWorkspace();
        other.given().when().get("/v1/sessions/" + session).then().statusCode(404).body("code", is("SESSION_NOT_FOUND"));
        other.given().when().get("/v1/conversations/" + session + "/messages").then().statusCode(404);
        other.given().when().delete("/v1/sessions/" + session).then().statusCode(404);
        other.given().contentType("application/json").body(Map.of("agent_id", agent))
                .when().post("/v1/conversations").then().statusCode(404).body("code", is("AGENT_NOT_FOUND"));
        ws.given().when().delete("/v1/sessions/" + session).then().statusCode(204);
        ws.given().when().get("/v1/sessions/" + session).then().statusCode(404);
    }
}
