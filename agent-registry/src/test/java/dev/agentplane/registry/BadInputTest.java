package dev.agentplane.registry;

import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Inputs that once reached PostgreSQL and came back as a 5xx or as the wrong conflict. */
@QuarkusTest
class BadInputTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void aNulInYamlIsA400NamingTheField() {
        given().auth().oauth2(ws.token()).contentType("application/yaml")
                .body(Api.yaml("id: " + Api.slug("nul") + "\nname: \"bad\\0name\"\nsystem_prompt: hi\n"))
                .when().post("/v1/agents").then().log().ifValidationFails().statusCode(400)
                .contentType("application/problem+json")
                .body("code", is("INVALID_INPUT"), "errors[0].field", is("name"));
    }

    @Test
    void aNulInJsonIsA400NamingTheField() {
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body("{\"name\":\"ok\",\"system_prompt\":\"a\\u0000b\"}")
                .when().post("/v1/agents").then().log().ifValidationFails().statusCode(400)
                .body("code", is("INVALID_INPUT"), "errors[0].field", is("system_prompt"));
    }

    @Test
    void aRepeatedYamlKeyIsRefused() {
        given().auth().oauth2(ws.token()).contentType("application/yaml")
                .body(Api.yaml("name: one\nname: two\nsystem_prompt: hi\n"))
                .when().post("/v1/agents").then().log().ifValidationFails().statusCode(400)
                .body("code", is("MALFORMED_YAML"));
    }

    @Test
    void aRefusedWriteThatIsNoDuplicateIsNotReportedAsAlreadyExists() {
        // the workspace id is longer than its column: PostgreSQL refuses the insert (22001), not as a duplicate;
        // it was answered 409 AGENT_ALREADY_EXISTS (a token with such a claim is the token rules' business)
        String longWorkspace = "ws_" + "x".repeat(120);
        String token = TestTokens.token("ten_long", longWorkspace, Set.of(Scopes.WORKSPACE), List.of());
        given().auth().oauth2(token).contentType("application/json").body("{\"name\":\"n\",\"system_prompt\":\"p\"}")
                .when().post("/v1/agents").then().log().ifValidationFails().statusCode(not(409))
                .body("code", not("AGENT_ALREADY_EXISTS"));
    }

    @Test
    void aNulInAListFilterIsA400() {
        given().auth().oauth2(ws.token()).urlEncodingEnabled(false).when().get("/v1/agents?tag=a%00b")
                .then().log().ifValidationFails().statusCode(400).body("code", is("INVALID_INPUT"),
                        "errors[0].field", is("tag"));
    }
}
