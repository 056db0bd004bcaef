package dev.agentplane.kit;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

@QuarkusTest
class KitBehaviourTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void noCredentialsIsA401Problem() {
        given().when().get("/probe/me").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("code", is("UNAUTHORIZED"), "status", is(401), "request_id", notNullValue());
    }

    @Test
    void aTokenNamesTheCallersWorkspace() {
        given().auth().oauth2(ws.token()).when().get("/probe/me").then().statusCode(200)
                .body("workspace_id", is(ws.workspaceId()), "tenant_id", is(ws.tenantId()),
                        "scopes", hasItem("workspace"));
    }

    @Test
    void readyWithItsKeysLoaded() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'required-settings' }.status", is("UP"));
    }

    @Test
    void expiredOrForeignTokensAreRefused() {
        String expired = Jwt.subject("u").groups(Set.of("workspace")).claim("workspace", "w")
                .issuedAt(1_000).expiresAt(2_000).sign();
        given().auth().oauth2(expired).when().get("/probe/me").then().statusCode(401).body("code", is("UNAUTHORIZED"));
        given().auth().oauth2("not.a.jwt").when().get("/probe/me").then().statusCode(401);
    }

    @Test
    void aScopeTheEndpointDoesNotAllowIs403() {
        given().auth().oauth2(ws.executeToken()).contentType("application/json").body("{\"name\":\"a\"}")
                .when().post("/probe/things").then().statusCode(403).body("code", is("FORBIDDEN"));
    }

    @Test
    void malformedJsonIsA400NamingTheProblem() {
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"name\": ")
                .when().post("/probe/things").then().log().ifValidationFails().statusCode(400)
                .contentType("application/problem+json")
                .body("code", is("MALFORMED_JSON"), "detail", containsString("not valid JSON"));
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"name\":\"a\",\"count\":\"many\"}")
                .when().post("/probe/things").then().statusCode(400).body("detail", containsString("count"));
    }

    @Test
    void invalidFieldsAreListed() {
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"name\":\"much-too-long-name\"}")
                .when().post("/probe/things").then().log().ifValidationFails().statusCode(400)
                .body("code", is("INVALID_INPUT"), "errors[0].field", is("name"));
    }

    @Test
    void domainErrorsKeepTheirCodeAndExtensions() {
        given().when().get("/probe/fail/domain").then().statusCode(409)
                .body("code", is("THING_BUSY"), "thing_id", is("t1"), "type", endsWith("/thing-busy"));
    }

    /** A service's own 503 says when to retry, like the mapper's (bench/chaos found some that did not). */
    @Test
    void everyServiceUnavailableCarriesRetryAfter() {
        given().when().get("/probe/fail/unavailable").then().statusCode(503).header("Retry-After", "1")
                .body("code", is("THING_UNAVAILABLE"));
        given().when().get("/probe/fail/later").then().statusCode(503).header("Retry-After", "7");
    }

    @Test
    void unexpectedErrorsLeakNothing() {
        String body = given().when().get("/probe/fail/crash").then().statusCode(500)
                .body("code", is("INTERNAL_ERROR")).extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(body.contains("secret") || body.contains("Exception"), body);
    }

    @Test
    void unknownPathsAreProblem404s() {
        given().when().get("/no/such/path").then().statusCode(404)
                .contentType("application/problem+json").body("code", is("NOT_FOUND"));
    }

    @Test
    void requestIdsAreEchoedOrMade() {
        given().header("X-Request-Id", "req-42").when().get("/probe/me").then().header("X-Request-Id", "req-42");
        given().when().get("/probe/me").then().header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void healthIsReadyWithDatabaseRedisAndKafka() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems(containsString("Database"), containsString("Redis"),
                        containsString("Kafka")));
    }
}
