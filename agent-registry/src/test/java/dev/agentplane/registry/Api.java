package dev.agentplane.registry;

import dev.agentplane.kit.testing.TestTokens;
import io.restassured.response.ValidatableResponse;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Small helpers the registry tests share. */
public final class Api {
    private Api() {
    }

    /** YAML bodies go out as bytes: rest-assured does not know how to encode a YAML string. */
    public static byte[] yaml(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String slug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String simpleAgent(String id, String name) {
        return """
                {"id": "%s", "name": "%s", "template": "You help with {{ variables.topic }}.",
                 "role": "general-assistant", "tags": ["support"], "tools": ["calculator"]}
                """.formatted(id, name);
    }

    public static ValidatableResponse create(TestTokens.Workspace ws, String json) {
        return given().auth().oauth2(ws.token()).contentType("application/json").body(json)
                .when().post("/v1/agents").then();
    }

    public static String createSimple(TestTokens.Workspace ws) {
        String id = slug("agent");
        create(ws, simpleAgent(id, "Agent " + id)).statusCode(201);
        return id;
    }
}
