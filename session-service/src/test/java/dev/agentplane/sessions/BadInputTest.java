package dev.agentplane.sessions;

import dev.agentplane.kit.testing.TestTokens;
import dev.agentplane.sessions.support.Api;
import dev.agentplane.sessions.support.RegistryStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Inputs that once reached PostgreSQL and came back as a 5xx. */
@QuarkusTest
@QuarkusTestResource(RegistryStub.class)
class BadInputTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void anEmptyExternalUserIdIsA400NotACollisionWithNoUser() {
        String agent = Api.newAgent();
        // a conversation without a user exists: '' used to collide with it in the unique index (500)
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("agent_id", agent))
                .when().post("/v1/conversations").then().statusCode(201);
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("agent_id", agent, "external_user_id", ""))
                .when().post("/v1/conversations").then().log().ifValidationFails().statusCode(400)
                .contentType("application/problem+json")
                .body("code", is("INVALID_INPUT"), "errors[0].field", is("external_user_id"));
    }

    @Test
    void aNulInAConversationFieldIsA400NamingIt() {
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body("{\"agent_id\":\"" + Api.newAgent() + "\",\"title\":\"a\\u0000b\"}")
                .when().post("/v1/conversations").then().log().ifValidationFails().statusCode(400)
                .body("code", is("INVALID_INPUT"), "errors[0].field", is("title"));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body("{\"agent_id\":\"" + Api.newAgent() + "\",\"metadata\":{\"k\":\"\\ud800\"}}")
                .when().post("/v1/conversations").then().log().ifValidationFails().statusCode(400)
                .body("code", is("INVALID_INPUT"), "errors[0].field", is("metadata.k"));
    }

    @Test
    void aNulInYamlIsA400NamingTheField() {
        given().auth().oauth2(ws.token()).contentType("application/yaml")
                .body(("agent_id: " + Api.newAgent() + "\ntitle: \"x\\0y\"\n").getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/sessions").then().log().ifValidationFails().statusCode(400)
                .body("code", is("INVALID_INPUT"), "errors[0].field", is("title"));
    }

    @Test
    void aNulInAListFilterIsA400() {
        given().auth().oauth2(ws.token()).urlEncodingEnabled(false).when().get("/v1/sessions?external_user_id=a%00")
                .then().log().ifValidationFails().statusCode(400)
                .body("code", is("INVALID_INPUT"), "errors[0].field", is("external_user_id"));
    }
}
