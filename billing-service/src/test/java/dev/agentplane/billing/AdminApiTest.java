package dev.agentplane.billing;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.agentplane.billing.Fixtures.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** The operator endpoints: only the operator key opens them; bad input is a 4xx problem. */
@QuarkusTest
class AdminApiTest {

    @Test
    void theOperatorSetsUpATenantWithAWorkspaceKeyAndCredits() {
        Fixtures.Account acc = Fixtures.account("solo", 5_000);
        admin().get("/v1/admin/workspaces/" + acc.workspaceId()).then().statusCode(200)
                .body("tenant_id", is(acc.tenantId()), "tier", is("solo"),
                        "limits.per_minute", is(100), "limits.per_day", is(500));
        admin().get("/v1/admin/tenants/" + acc.tenantId()).then().statusCode(200).body("id", is(acc.tenantId()));
        admin().get("/v1/admin/workspaces/" + acc.workspaceId() + "/credits").then().statusCode(200)
                .body("balance", is(5000), "available", is(5000));
        admin().body(Map.of("amount", 250, "note", "bonus")).post("/v1/admin/workspaces/" + acc.workspaceId() + "/credits")
                .then().statusCode(200).body("balance", is(5250));
        acc.asKey().get("/v1/credits").then().statusCode(200).body("balance", is(5250));
        admin().get("/v1/admin/tiers").then().statusCode(200)
                .body("items.find { it.name == 'free' }.per_day", is(50),
                        "items.find { it.name == 'free' }.max_agents", is(25),
                        "items.find { it.name == 'enterprise' }.per_minute", is(-1),
                        "items.find { it.name == 'enterprise' }.max_agents", is(-1));
    }

    /** The registry asks with its service token what agent limit the caller's workspace has; keys may not ask. */
    @Test
    void theAgentLimitOfAWorkspacesTierIsAnsweredToServices() {
        Fixtures.Account acc = Fixtures.account("solo", 0);
        acc.asService().get("/internal/workspace/agent-limits").then().statusCode(200)
                .body("workspace_id", is(acc.workspaceId()), "tier", is("solo"), "max_agents", is(100));
        acc.asKey().get("/internal/workspace/agent-limits").then().statusCode(403);
        given().auth().oauth2(TestTokens.newWorkspace().serviceToken())
                .get("/internal/workspace/agent-limits").then().statusCode(404).body("code", is("WORKSPACE_NOT_FOUND"));
    }

    @Test
    void adjustmentsCorrectTheBalanceButNeverBelowWhatIsAvailable() {
        Fixtures.Account acc = Fixtures.account("team", 1_000);
        String path = "/v1/admin/workspaces/" + acc.workspaceId() + "/adjustments";
        admin().body(Map.of("amount", -300, "note", "chargeback")).post(path).then().statusCode(200)
                .body("balance", is(700));
        admin().body(Map.of("amount", -701, "note", "too much")).post(path).then().statusCode(409)
                .body("code", is("ADJUSTMENT_EXCEEDS_AVAILABLE"));
        admin().body(Map.of("amount", 0, "note", "nothing")).post(path).then().statusCode(400);
        admin().body(Map.of("amount", 5)).post(path).then().statusCode(400).body("errors[0].field", is("note"));
        acc.asKey().get("/v1/credits/ledger?kind=adjustment").then().statusCode(200)
                .body("items[0].amount", is(-300), "items[0].note", is("chargeback"), "items[0].balance_after", is(700));
    }

    @Test
    void aTierChangeIsStoredWithCustomLimits() {
        Fixtures.Account acc = Fixtures.account("free", 0);
        admin().body(Map.of("tier", "enterprise", "per_minute", 1000)).put("/v1/admin/workspaces/" + acc.workspaceId() + "/tier")
                .then().statusCode(200).body("tier", is("enterprise"), "limits.per_minute", is(1000), "limits.per_day", is(-1));
        admin().body(Map.of("tier", "platinum")).put("/v1/admin/workspaces/" + acc.workspaceId() + "/tier")
                .then().statusCode(400).body("code", is("INVALID_INPUT"), "errors[0].field", is("tier"));
        admin().body(Map.of("tier", "team")).put("/v1/admin/workspaces/ws_nope/tier")
                .then().statusCode(404).body("code", is("WORKSPACE_NOT_FOUND"));
    }

    @Test
    void badInputIsAProblem() {
        admin().body(Map.of()).post("/v1/admin/tenants").then().statusCode(400)
                .contentType("application/problem+json").body("code", is("INVALID_INPUT"), "errors[0].field", is("name"));
        admin().body("{\"name\":").post("/v1/admin/tenants").then().statusCode(400).body("code", is("MALFORMED_JSON"));
        admin().body(Map.of("name", "x".repeat(201))).post("/v1/admin/tenants").then().statusCode(400);
        admin().body(Map.of("name", "w", "tier", "gold")).post("/v1/admin/tenants/ten_missing/workspaces")
                .then().statusCode(404).body("code", is("TENANT_NOT_FOUND"));
        Fixtures.Account acc = Fixtures.account("free", 0);
        admin().body(Map.of("name", "w", "tier", "gold")).post("/v1/admin/tenants/" + acc.tenantId() + "/workspaces")
                .then().statusCode(400).body("errors[0].field", is("tier"));
        for (Object amount : new Object[]{-5, 0, "lots"}) {
            admin().body(Map.of("amount", amount)).post("/v1/admin/workspaces/" + acc.workspaceId() + "/credits")
                    .then().statusCode(400);
        }
        admin().body(Map.of("amount", 5)).post("/v1/admin/workspaces/ws_missing/credits").then().statusCode(404);
        admin().body(Map.of("name", "k", "type", "root")).post("/v1/admin/workspaces/" + acc.workspaceId() + "/api-keys")
                .then().statusCode(400).body("errors[0].field", is("type"));
    }

    @Test
    void onlyTheOperatorKeyOpensTheAdminApi() {
        Fixtures.Account acc = Fixtures.account("free", 0);
        given().contentType("application/json").body(Map.of("name", "t")).post("/v1/admin/tenants")
                .then().statusCode(401).body("code", is("UNAUTHORIZED"));
        acc.asKey().body(Map.of("name", "t")).post("/v1/admin/tenants").then().statusCode(403).body("code", is("FORBIDDEN"));
        given().auth().oauth2(TestTokens.newWorkspace().token()).contentType("application/json").body(Map.of("name", "t"))
                .post("/v1/admin/tenants").then().statusCode(403);
        given().header("X-API-Key", Fixtures.OPERATOR_KEY + "x").contentType("application/json")
                .body(Map.of("name", "t")).post("/v1/admin/tenants").then().statusCode(401);
    }
}
