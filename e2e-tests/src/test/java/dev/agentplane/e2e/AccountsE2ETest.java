package dev.agentplane.e2e;

import dev.agentplane.e2e.support.Platform;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;

/** Accounts through the gateway: keys and tokens work on every service, revocation and limits apply everywhere. */
class AccountsE2ETest {

    @Test
    void aKeyAndTheTokenExchangedForItWorkOnEveryService() {
        Platform.Workspace ws = Platform.newWorkspace("team", 5_000);
        ws.given().when().get("/v1/credits").then().statusCode(200)
                .body("workspace_id", is(ws.workspaceId()), "balance", is(5000))
                .header("X-RateLimit-Limit", notNullValue());
        ws.given().when().get("/v1/agents").then().statusCode(200);
        String token = ws.given().when().post("/v1/auth/token").then().statusCode(200)
                .body("token_type", is("Bearer")).extract().path("access_token");
        Platform.anonymous().auth().oauth2(token).when().get("/v1/credits").then().statusCode(200);
        Platform.anonymous().auth().oauth2(token).when().get("/v1/agents").then().statusCode(200);
        Platform.anonymous().auth().oauth2(token + "x").when().get("/v1/agents").then().statusCode(401);
    }

    @Test
    void aRevokedKeyStopsWorkingOnEveryServiceWithinFiveSeconds() {
        Platform.Workspace ws = Platform.newWorkspace();
        var created = ws.given().contentType("application/json").body(Map.of("name", "short-lived"))
                .when().post("/v1/api-keys").then().statusCode(201).extract();
        String secret = created.path("secret");
        Platform.anonymous().header("X-API-Key", secret).when().get("/v1/agents").then().statusCode(200);
        Platform.anonymous().header("X-API-Key", secret).when().get("/v1/credits").then().statusCode(200);
        ws.given().when().delete("/v1/api-keys/" + created.path("id")).then().statusCode(204);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Platform.anonymous().header("X-API-Key", secret).when().get("/v1/agents").then().statusCode(401);
            Platform.anonymous().header("X-API-Key", secret).when().get("/v1/sessions").then().statusCode(401);
        });
        Platform.anonymous().header("X-API-Key", secret).when().get("/v1/credits").then().statusCode(401);
        ws.given().when().get("/v1/credits").then().statusCode(200);
    }

    @Test
    void theLimitIsSharedByEveryServiceAndAnswers429AtExactlyTheTiersNumber() {
        Platform.Workspace ws = Platform.newWorkspace("free", 0);
        for (int i = 1; i <= 50; i++) {
            String path = i % 2 == 0 ? "/v1/credits" : "/v1/agents";
            ws.given().when().get(path).then().statusCode(200)
                    .header("X-RateLimit-Limit", "50").header("X-RateLimit-Remaining", String.valueOf(50 - i));
        }
        ws.given().when().get("/v1/sessions").then().statusCode(429)
                .contentType("application/problem+json").body("code", is("RATE_LIMIT_EXCEEDED"))
                .header("Retry-After", notNullValue()).header("RateLimit-Policy", containsString("q=50;w=86400"));
        Platform.operator().body(Map.of("tier", "team")).when().put("/v1/admin/workspaces/" + ws.workspaceId() + "/tier")
                .then().statusCode(200);
        ws.given().when().get("/v1/agents").then().statusCode(200).header("X-RateLimit-Limit", "500");
    }

    @Test
    void anotherWorkspacesKeysAndLedgerAreInvisible() {
        Platform.Workspace mine = Platform.newWorkspace();
        Platform.Workspace theirs = Platform.newWorkspace();
        String theirKey = theirs.given().when().get("/v1/api-keys").then().statusCode(200).extract().path("items[0].id");
        mine.given().when().get("/v1/api-keys/" + theirKey).then().statusCode(404).body("code", is("API_KEY_NOT_FOUND"));
        mine.given().when().delete("/v1/api-keys/" + theirKey).then().statusCode(404);
        mine.given().header("X-Workspace-Id", theirs.workspaceId()).when().get("/v1/credits").then().statusCode(403);
        mine.given().when().get("/v1/credits/ledger").then().statusCode(200).body("items", hasSize(1));
        Platform.anonymous().header("X-API-Key", "wak_typo").when().get("/v1/credits").then().statusCode(401);
    }
}
