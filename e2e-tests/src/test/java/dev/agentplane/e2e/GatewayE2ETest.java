package dev.agentplane.e2e;

import dev.agentplane.e2e.support.Platform;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.*;

/** What every caller meets at the front door: routing, health, and errors as problem+json. */
class GatewayE2ETest {

    @ParameterizedTest
    @ValueSource(strings = {"agent-registry", "session-service", "execution-service", "attachment-service",
            "billing-service"})
    void everyServiceIsReadyThroughTheGateway(String service) {
        Platform.anonymous().when().get("/health/" + service + "/ready").then().statusCode(200)
                .body("status", is("UP"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/agents", "/v1/sessions", "/v1/executions/x", "/v1/attachments/x", "/v1/credits"})
    void noCredentialsIsA401Problem(String path) {
        Platform.anonymous().when().get(path).then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", is("UNAUTHORIZED"), "request_id", notNullValue());
    }

    @Test
    void unknownPathsAndInternalApisAreProblem404s() {
        Platform.anonymous().when().get("/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json").body("code", is("NOT_FOUND"));
        Platform.anonymous().when().get("/internal/agents/x").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        Platform.newWorkspace().given().contentType("application/json").body("{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")
                .when().post("/v1/agents").then().statusCode(413)
                .contentType("application/problem+json").body("code", is("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void malformedJsonIsA400NamingTheProblem() {
        String body = Platform.newWorkspace().given().contentType("application/json").body("{\"name\": \"a\",")
                .when().post("/v1/agents").then().statusCode(400)
                .contentType("application/problem+json").body("code", is("MALFORMED_JSON"))
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(body.contains("Exception") || body.contains("\tat "), body);
    }

    @Test
    void requestIdsPassThroughTheGateway() {
        Platform.anonymous().header("X-Request-Id", "e2e-req-1").when().get("/v1/agents").then()
                .header("X-Request-Id", "e2e-req-1").body("request_id", is("e2e-req-1"));
    }
}
