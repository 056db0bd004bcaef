package dev.agentplane.billing;

import dev.agentplane.kit.apikey.ApiKeys;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Self-service keys: the secret once, list, revoke (effective at once), isolation, internal verify. */
@QuarkusTest
class ApiKeyApiTest {

    @Test
    void aKeyIsShownOnceListedByPrefixAndStopsWorkingWhenRevoked() {
        Fixtures.Account acc = Fixtures.account("team", 0);
        var created = acc.asKey().body(Map.of("name", "ci", "type", "workspace")).post("/v1/api-keys")
                .then().statusCode(201).body("secret", startsWith("wak_"), "scopes", contains("workspace"),
                        "workspace_id", is(acc.workspaceId())).extract();
        String secret = created.path("secret");
        String id = created.path("id");
        given().header("X-API-Key", secret).get("/v1/credits").then().statusCode(200)
                .body("workspace_id", is(acc.workspaceId()));
        acc.asKey().get("/v1/api-keys").then().statusCode(200)
                .body("items.id", hasItems(id, acc.keyId()), "items.secret", everyItem(nullValue()),
                        "items.find { it.id == '" + id + "' }.prefix", is(secret.substring(0, 12)),
                        "pagination.total", is(2));
        acc.asKey().get("/v1/api-keys/" + id).then().statusCode(200).body("status", is("active"),
                "last_used_at", notNullValue());
        acc.asKey().delete("/v1/api-keys/" + id).then().statusCode(204);
        given().header("X-API-Key", secret).get("/v1/credits").then().statusCode(401).body("code", is("UNAUTHORIZED"));
        acc.asKey().delete("/v1/api-keys/" + id).then().statusCode(204);
        acc.asKey().get("/v1/api-keys?status=revoked").then().statusCode(200).body("items.id", contains(id));
        acc.asKey().get("/v1/api-keys?status=active").then().statusCode(200).body("items.id", contains(acc.keyId()));
    }

    @Test
    void executionKeysAreLimitedToExecutionScope() {
        Fixtures.Account acc = Fixtures.account("team", 0);
        String eak = acc.asKey().body(Map.of("name", "app", "type", "execution", "allowed_agents", List.of("agent-1")))
                .post("/v1/api-keys").then().statusCode(201)
                .body("secret", startsWith("eak_"), "scopes", contains("execute"), "allowed_agents", contains("agent-1"))
                .extract().path("secret");
        given().header("X-API-Key", eak).get("/v1/api-keys").then().statusCode(403).body("code", is("FORBIDDEN"));
        given().header("X-API-Key", eak).get("/v1/credits").then().statusCode(403);
        given().header("X-API-Key", eak).contentType("application/json")
                .body(Map.of("model", "sim-1", "input_tokens", 1)).post("/v1/pricing/estimate").then().statusCode(200);
        acc.asKey().body(Map.of("name", "x", "type", "workspace", "allowed_agents", List.of("a")))
                .post("/v1/api-keys").then().statusCode(400).body("errors[0].field", is("allowed_agents"));
    }

    @Test
    void anotherWorkspacesKeysAreInvisible() {
        Fixtures.Account mine = Fixtures.account("team", 0);
        Fixtures.Account theirs = Fixtures.account("team", 0);
        mine.asKey().get("/v1/api-keys/" + theirs.keyId()).then().statusCode(404).body("code", is("API_KEY_NOT_FOUND"));
        mine.asKey().delete("/v1/api-keys/" + theirs.keyId()).then().statusCode(404);
        mine.asKey().get("/v1/api-keys").then().body("items.id", not(hasItem(theirs.keyId())));
        theirs.asKey().get("/v1/credits").then().statusCode(200);
        given().header("X-API-Key", mine.key()).header("X-Workspace-Id", theirs.workspaceId())
                .get("/v1/credits").then().statusCode(403).body("code", is("WORKSPACE_MISMATCH"));
    }

    @Test
    void badKeysAndBadInputAreRefused() {
        Fixtures.Account acc = Fixtures.account("team", 0);
        String typo = acc.key().substring(0, acc.key().length() - 1) + (acc.key().endsWith("A") ? "B" : "A");
        given().header("X-API-Key", typo).get("/v1/credits").then().statusCode(401);
        given().header("X-API-Key", ApiKeys.generate(ApiKeys.WORKSPACE_PREFIX)).get("/v1/credits").then().statusCode(401);
        acc.asKey().body(Map.of("type", "workspace")).post("/v1/api-keys").then().statusCode(400)
                .body("errors[0].field", is("name"));
        acc.asKey().get("/v1/api-keys?limit=1000").then().statusCode(400).body("errors[0].field", is("limit"));
        acc.asKey().get("/v1/api-keys?status=lost").then().statusCode(400);
        given().auth().oauth2(TestTokens.newWorkspace().token()).contentType("application/json")
                .body(Map.of("name", "k")).post("/v1/api-keys").then().statusCode(404).body("code", is("WORKSPACE_NOT_FOUND"));
    }

    @Test
    void servicesVerifyKeysInternally() {
        Fixtures.Account acc = Fixtures.account("solo", 0);
        String service = TestTokens.newWorkspace().serviceToken();
        given().auth().oauth2(service).contentType("application/json").body(Map.of("key", acc.key()))
                .post("/internal/api-keys/verify").then().statusCode(200)
                .body("key_id", is(acc.keyId()), "tenant_id", is(acc.tenantId()), "workspace_id", is(acc.workspaceId()),
                        "scopes", contains("workspace"), "tier", is("solo"), "allowed_agents", empty());
        given().auth().oauth2(service).contentType("application/json").body(Map.of("key", "wak_nope"))
                .post("/internal/api-keys/verify").then().statusCode(404).body("code", is("API_KEY_NOT_FOUND"));
        given().auth().oauth2(service).contentType("application/json").body(Map.of("key", Fixtures.OPERATOR_KEY))
                .post("/internal/api-keys/verify").then().statusCode(404);
        acc.asKey().body(Map.of("key", acc.key())).post("/internal/api-keys/verify").then().statusCode(403);
    }
}
