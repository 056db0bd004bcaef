package dev.agentplane.sessions.support;

import dev.agentplane.kit.testing.TestTokens;
import io.restassured.response.ValidatableResponse;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Short ways to set up state through the API in tests. */
public final class Api {
    private Api() {
    }

    public static String newAgent() {
        String id = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        RegistryStub.agent(id, 3, "Agent " + id);
        return id;
    }

    public static String session(TestTokens.Workspace ws, String agentId) {
        return given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("agent_id", agentId, "external_user_id", "user-1"))
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
    }

    public static ValidatableResponse appendRun(TestTokens.Workspace ws, String sessionId, String executionId,
                                                List<Map<String, Object>> messages) {
        return given().auth().oauth2(ws.serviceToken()).contentType("application/json")
                .body(Map.of("execution_id", executionId, "messages", messages))
                .when().post("/internal/sessions/" + sessionId + "/runs").then();
    }

    /** A typical run: the user's message and the assistant's answer. */
    public static List<Map<String, Object>> turn(String user, String assistant) {
        return List.of(Map.of("role", "user", "content", user),
                Map.of("role", "assistant", "content", assistant,
                        "usage", Map.of("input_tokens", 10, "output_tokens", 5)));
    }
}
