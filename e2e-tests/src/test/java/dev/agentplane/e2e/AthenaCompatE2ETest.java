package dev.agentplane.e2e;

import dev.agentplane.e2e.support.Platform;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.*;

/** Seed 003's conversations through the gateway with X-API-Key and X-Workspace-Id (execute routes are not built yet). */
class AthenaCompatE2ETest {
    private static RequestSpecification athena(Platform.Workspace ws) {
        return Platform.anonymous().header("X-API-Key", ws.apiKey())
                .header("X-Workspace-Id", "workspace:" + ws.workspaceId()).contentType("application/json");
    }

    @Test
    void conversationsAreCreatedResumedAndArchived() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = ws.newAgent("You help.", 50);
        String id = athena(ws).body(Map.of("agent_id", "agent:" + agent)).when().post("/my/conversations").then()
                .statusCode(201).body("agent_id", is(agent)).extract().path("id");
        athena(ws).body(Map.of("agent_id", "agent:" + agent)).when().post("/my/conversations").then().statusCode(200)
                .body("id", is(id));
        athena(ws).when().post("/my/conversations/" + id + "/archive").then().statusCode(200)
                .body("status", is("archived"));
        athena(ws).body(Map.of("agent_id", "agent:" + agent)).when().post("/my/conversations").then().statusCode(201)
                .body("id", not(is(id)));
        Platform.anonymous().header("X-API-Key", ws.apiKey()).header("X-Workspace-Id", "workspace:someone-else")
                .contentType("application/json").body(Map.of("agent_id", agent)).when().post("/my/conversations")
                .then().statusCode(403).body("code", is("WORKSPACE_MISMATCH"));
        athena(Platform.newWorkspace()).when().post("/my/conversations/" + id + "/archive").then().statusCode(404);
    }
}
