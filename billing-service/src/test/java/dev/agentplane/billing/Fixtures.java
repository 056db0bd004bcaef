package dev.agentplane.billing;

import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.testing.TestTokens;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Creates tenants, workspaces, keys and credits through the operator API, as a user of it would. */
public final class Fixtures {
    public static final String OPERATOR_KEY = "test-operator-key-0123456789";

    private Fixtures() {
    }

    public static RequestSpecification admin() {
        return given().header("X-API-Key", OPERATOR_KEY).contentType("application/json");
    }

    /** A fresh tenant + workspace of the given tier, with a workspace key and optional credits. */
    public record Account(String tenantId, String workspaceId, String key, String keyId) {
        public RequestSpecification asKey() {
            return given().header("X-API-Key", key).contentType("application/json");
        }

        /** As the execution service calls the internal API: a service token naming this workspace. */
        public RequestSpecification asService() {
            return given().auth().oauth2(TestTokens.token(tenantId, workspaceId, Set.of(Scopes.SERVICE), List.of()))
                    .contentType("application/json");
        }
    }

    public static Account account(String tier, long credits) {
        String tenantId = admin().body(Map.of("name", "Tenant " + UUID.randomUUID()))
                .post("/v1/admin/tenants").then().statusCode(201).extract().path("id");
        String workspaceId = admin().body(Map.of("name", "Main", "tier", tier))
                .post("/v1/admin/tenants/" + tenantId + "/workspaces").then().statusCode(201).extract().path("id");
        var created = admin().body(Map.of("name", "first key"))
                .post("/v1/admin/workspaces/" + workspaceId + "/api-keys").then().statusCode(201).extract();
        if (credits > 0) {
            admin().body(Map.of("amount", credits)).post("/v1/admin/workspaces/" + workspaceId + "/credits")
                    .then().statusCode(200);
        }
        return new Account(tenantId, workspaceId, created.path("secret"), created.path("id"));
    }

    /** A hold of the execution's own, as the execution service takes it (agent agent-s, model sim-1); its execution id. */
    public static String hold(Account acc, long amount) {
        String id = "exec-" + UUID.randomUUID();
        acc.asService().body(Map.of("execution_id", id, "amount", amount, "agent_id", "agent-s", "model", "sim-1"))
                .post("/internal/credits/reservations").then().statusCode(201);
        return id;
    }
}
