package dev.agentplane.e2e;

import dev.agentplane.e2e.support.Platform;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Seeds 000/001 replayed through the gateway as their documents write them (base /api/v1, header
 * x-api-key, trailing slashes): validate, the AMASChatbot class, SessionManager, saved agents.
 */
class AmasCompatE2ETest {
    private static final String BASE = "/api/v1";

    /** The seed's {@code self.headers}: {"x-api-key": api_key, "Content-Type": "application/json"}. */
    private static RequestSpecification headers(Platform.Workspace ws) {
        return Platform.anonymous().header("x-api-key", ws.apiKey()).contentType("application/json");
    }

    @Test
    void validateThenTheAmasChatbotFlow() {
        Platform.Workspace ws = Platform.newWorkspace();
        headers(ws).body(Map.of("name", "Customer Support Agent", "agent_type", "llm_agent",
                        "system_prompt", "You are a helpful customer support agent. Be friendly and professional.",
                        "llm_config", Map.of("model", "gpt-4o", "temperature", 0.7)))
                .when().post(BASE + "/agent/validate/").then().statusCode(200).body("valid", is(true));

        // chatbot.create_session({...}) -> data["id"]
        String sessionId = headers(ws).body(Map.of("name", "Customer Support", "agent_type", "llm_agent",
                        "system_prompt", "You are a helpful support agent.", "llm_config", Map.of("model", "gpt-4o")))
                .when().post(BASE + "/sessions/").then().statusCode(201).extract().path("id");

        // chatbot.send_message(...) x3 -> data["response"]["content"]
        for (String message : List.of("Hi, I need help", "How do I reset my password?", "Thank you!")) {
            Response r = headers(ws).body(Map.of("content", message))
                    .when().post(BASE + "/runtime/" + sessionId + "/execute/");
            r.then().statusCode(200).body("id", is(sessionId), "object", is("agent.session"), "status", is("completed"),
                    "created_at", isA(Integer.class), "completed_at", isA(Integer.class),
                    "messages[0].role", is("assistant"), "metadata.execution_id", notNullValue(),
                    "metadata.usage.input_tokens", greaterThan(0));
            String content = r.path("response.content");
            assertFalse(content == null || content.isBlank(), "response.content");
        }

        // chatbot.get_history() -> response.json() is the list of the three turns
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> headers(ws)
                .when().get(BASE + "/runtime/" + sessionId + "/messages/").then().statusCode(200)
                .body("$", hasSize(6), "role", contains("user", "assistant", "user", "assistant", "user", "assistant"),
                        "[0].content", is("Hi, I need help"), "[4].content", is("Thank you!")));

        headers(ws).when().get(BASE + "/runtime/" + sessionId + "/status/").then().statusCode(200)
                .body("id", is(sessionId), "status", is("active"), "title", is("Customer Support"),
                        "created_at", isA(Integer.class), "updated_at", isA(Integer.class));
    }

    /**
     * Seed 000's variables: session-level inputs sent once are there on the next request ("these variables load
     * automatically"); the session object shows them.
     */
    @Test
    void sessionLevelInputsLoadOnLaterRequests() {
        Platform.Workspace ws = Platform.newWorkspace();
        String sessionId = headers(ws).body(Map.of("name", "Variables", "agent_type", "llm_agent",
                        "system_prompt", "You help {{ variables.user_id }}.", "llm_config", Map.of("model", "gpt-4o")))
                .when().post(BASE + "/sessions/").then().statusCode(201).extract().path("id");
        headers(ws).body(Map.of("content", "Hello, I need help", "inputs",
                        Map.of("user_id", "user_12345", "user_email", "john@example.com")))
                .when().post(BASE + "/runtime/" + sessionId + "/execute/").then().statusCode(200);
        headers(ws).body(Map.of("content", "What is your refund policy? [sim:echo-system]"))
                .when().post(BASE + "/runtime/" + sessionId + "/execute/").then().statusCode(200)
                .body("response.content", containsString("You help user_12345."));
        headers(ws).when().get(BASE + "/sessions/" + sessionId + "/").then().statusCode(200)
                .body("variables.user_email", is("john@example.com"));
    }

    @Test
    void sessionManagerListsGetsAndDeletes() {
        Platform.Workspace ws = Platform.newWorkspace();
        String id = headers(ws).body(Map.of("name", "Support Chat Session", "agent_type", "llm_agent",
                        "system_prompt", "You are a helpful customer support agent.",
                        "llm_config", Map.of("model", "gpt-4o", "temperature", 0.7)))
                .when().post(BASE + "/sessions/").then().statusCode(201).extract().path("id");
        List<Map<String, Object>> sessions = headers(ws).when().get(BASE + "/sessions/").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertEquals(1, sessions.size());
        headers(ws).when().get(BASE + "/sessions/" + id + "/").then().statusCode(200).body("id", is(id));
        // delete_session returns response.status_code == 204
        headers(ws).when().delete(BASE + "/sessions/" + sessions.get(0).get("id") + "/").then().statusCode(204);
        headers(ws).when().get(BASE + "/sessions/" + id + "/").then().statusCode(404);
        headers(ws).body(Map.of("content", "hi")).when().post(BASE + "/runtime/" + id + "/execute/").then()
                .statusCode(404);
        Platform.anonymous().contentType("application/json").body(Map.of("content", "hi"))
                .when().post(BASE + "/runtime/" + id + "/execute/").then().statusCode(401);
    }

    @Test
    void savedAgentsAndASessionFromOne() {
        Platform.Workspace ws = Platform.newWorkspace();
        Map<String, Object> config = Map.of("system_config", Map.of("name", "Support Agent Template",
                "architecture", "workflow",
                "agents", List.of(Map.of("name", "support_agent", "agent_type", "llm_agent",
                        "system_prompt", "You are a helpful support agent.",
                        "llm_config", Map.of("model", "gpt-4o", "temperature", 0.7))),
                "entry_point", "support_agent"));
        String agentId = headers(ws).body(config).when().post(BASE + "/agent/").then().statusCode(201)
                .extract().path("id");
        headers(ws).when().get(BASE + "/agent/").then().statusCode(200).body("id", contains(agentId));
        headers(ws).when().get(BASE + "/agent/" + agentId + "/").then().statusCode(200)
                .body("system_config.entry_point", is("support_agent"));
        String session = headers(ws).body(Map.of("agent_id", agentId)).when().post(BASE + "/sessions/").then()
                .statusCode(201).body("agent_id", is(agentId)).extract().path("id");
        headers(ws).body(Map.of("content", "Hello!")).when().post(BASE + "/runtime/" + session + "/execute/").then()
                .statusCode(200).body("response.content", not(emptyOrNullString()));
        headers(ws).when().delete(BASE + "/agent/" + agentId + "/").then().statusCode(204);
        headers(ws).when().get(BASE + "/agent/" + agentId + "/").then().statusCode(404);
    }

    /** Seed 001's multi_agent_config.yaml, sent as the YAML file itself, then executed. */
    @Test
    void theMultiAgentYamlWorkflowRuns() {
        Platform.Workspace ws = Platform.newWorkspace();
        String yaml = """
                name: "Content Review System"
                architecture: "workflow"

                agents:
                  - name: "writer"
                    agent_type: "llm_agent"
                    system_prompt: "Write blog posts on given topics."

                  - name: "reviewer"
                    agent_type: "llm_agent"
                    system_prompt: "Review content for quality and accuracy."
                    structured_output:
                      enabled: true
                      schema:
                        approved:
                          type: "bool"
                          description: "Whether content is approved"

                  - name: "publisher"
                    agent_type: "llm_agent"
                    system_prompt: "Format and publish approved content."

                edges:
                  - from: "__start__"
                    to: "writer"
                  - from: "writer"
                    to: "reviewer"
                  - from: "reviewer"
                    condition: "Is content approved? {{reviewer.output.approved}}"
                    condition_type: "boolean"
                    routing:
                      yes: "publisher"
                      no: "__end__"
                  - from: "publisher"
                    to: "__end__"

                entry_point: "writer"
                """;
        String sessionId = Platform.anonymous().header("x-api-key", ws.apiKey()).contentType("application/yaml")
                .body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post(BASE + "/sessions/").then().statusCode(201)
                .body("title", is("Content Review System"), "config.agents.name", contains("writer", "reviewer", "publisher"))
                .extract().path("id");
        headers(ws).body(Map.of("content", "Write a blog post about AI safety"))
                .when().post(BASE + "/runtime/" + sessionId + "/execute/").then().statusCode(200)
                .body("id", is(sessionId), "status", is("completed"), "messages", not(empty()),
                        "response.content", not(emptyOrNullString()));
    }

    @Test
    void anotherWorkspacesSessionIsNotFound() {
        Platform.Workspace owner = Platform.newWorkspace();
        Platform.Workspace stranger = Platform.newWorkspace();
        String id = headers(owner).body(Map.of("name", "Mine", "system_prompt", "You help."))
                .when().post(BASE + "/sessions/").then().statusCode(201).extract().path("id");
        headers(stranger).when().get(BASE + "/sessions/" + id + "/").then().statusCode(404);
        headers(stranger).body(Map.of("content", "hi")).when().post(BASE + "/runtime/" + id + "/execute/").then()
                .statusCode(404);
        headers(stranger).when().get(BASE + "/runtime/" + id + "/messages/").then().statusCode(404);
    }
}
