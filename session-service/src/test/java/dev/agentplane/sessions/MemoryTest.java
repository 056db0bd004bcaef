package dev.agentplane.sessions;

import dev.agentplane.kit.testing.TestTokens;
import dev.agentplane.sessions.support.Api;
import dev.agentplane.sessions.support.RegistryStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Per-user memory: added by the execution service, listed and deleted by the workspace, in the context. */
@QuarkusTest
@QuarkusTestResource(RegistryStub.class)
class MemoryTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private ValidatableResponse add(TestTokens.Workspace w, Map<String, Object> body) {
        return given().auth().oauth2(w.serviceToken()).contentType("application/json").body(body)
                .when().post("/internal/memories").then();
    }

    @Test
    void factsAreAddedOnceListedAndDeleted() {
        add(ws, Map.of("external_user_id", "u-7", "facts", List.of("Likes tea", "Lives in Oslo", "Likes tea")))
                .statusCode(201).body("memories.fact", contains("Likes tea", "Lives in Oslo"),
                        "memories[0].id", startsWith("mem_"), "skipped", is(1));
        add(ws, Map.of("external_user_id", "u-7", "facts", List.of("Likes tea", "Has a dog")))
                .statusCode(201).body("memories.fact", contains("Has a dog"), "skipped", is(1));
        String id = given().auth().oauth2(ws.token()).when().get("/v1/users/u-7/memories?order=asc").then()
                .statusCode(200).body("items.fact", contains("Likes tea", "Lives in Oslo", "Has a dog"),
                        "pagination.total", is(3)).extract().path("items[0].id");
        given().auth().oauth2(ws.token()).when().delete("/v1/users/u-7/memories/" + id).then().statusCode(204);
        given().auth().oauth2(ws.token()).when().delete("/v1/users/u-7/memories/" + id).then().statusCode(404)
                .body("code", is("MEMORY_NOT_FOUND"));
        given().auth().oauth2(ws.token()).when().delete("/v1/users/u-7/memories").then().statusCode(200)
                .body("deleted", is(2));
        given().auth().oauth2(ws.token()).when().get("/v1/users/u-7/memories").then().body("items", hasSize(0));
    }

    @Test
    void agentScopedMemoriesReachOnlyThatAgentsContext() {
        String agent = Api.newAgent();
        String session = Api.session(ws, agent);
        add(ws, Map.of("external_user_id", "user-1", "facts", List.of("Speaks Norwegian"))).statusCode(201);
        add(ws, Map.of("external_user_id", "user-1", "agent_id", agent, "facts", List.of("Prefers short answers")))
                .statusCode(201);
        add(ws, Map.of("external_user_id", "user-1", "agent_id", "another-agent", "facts", List.of("Secret")))
                .statusCode(201);
        add(ws, Map.of("external_user_id", "user-2", "facts", List.of("Other user"))).statusCode(201);
        String context = "/internal/sessions/" + session + "/context";
        given().auth().oauth2(ws.serviceToken()).when().get(context + "?include_memories=true").then().statusCode(200)
                .body("memories.fact", containsInAnyOrder("Speaks Norwegian", "Prefers short answers"),
                        "memories[0].id", startsWith("mem_"), "memories[0].created_at", notNullValue());
        given().auth().oauth2(ws.serviceToken()).when().get(context + "?include_memories=false").then()
                .body("memories", hasSize(0));
        given().auth().oauth2(ws.serviceToken()).when().get(context + "?include_memories=true&external_user_id=user-2")
                .then().body("external_user_id", is("user-2"), "memories.fact", contains("Other user"));
        given().auth().oauth2(ws.token()).when().get("/v1/users/user-1/memories?agent_id=" + agent).then()
                .body("items.fact", contains("Prefers short answers"));
        given().auth().oauth2(ws.token()).when().delete("/v1/users/user-1/memories?agent_id=another-agent").then()
                .body("deleted", is(1));
    }

    @Test
    void anotherWorkspaceSeesNoneOfThem() {
        add(ws, Map.of("external_user_id", "u-iso", "facts", List.of("Private fact"))).statusCode(201);
        String id = given().auth().oauth2(ws.token()).when().get("/v1/users/u-iso/memories").then()
                .extract().path("items[0].id");
        TestTokens.Workspace other = TestTokens.newWorkspace();
        given().auth().oauth2(other.token()).when().get("/v1/users/u-iso/memories").then().statusCode(200)
                .body("items", hasSize(0));
        given().auth().oauth2(other.token()).when().delete("/v1/users/u-iso/memories/" + id).then().statusCode(404);
        given().auth().oauth2(other.token()).when().delete("/v1/users/u-iso/memories").then().body("deleted", is(0));
        given().auth().oauth2(ws.token()).when().get("/v1/users/u-iso/memories").then().body("items", hasSize(1));
    }

    @Test
    void limitsAndScopes() {
        add(ws, Map.of("external_user_id", "u", "facts", List.of())).statusCode(400);
        add(ws, Map.of("facts", List.of("x"))).statusCode(400).body("code", is("INVALID_INPUT"));
        add(ws, Map.of("external_user_id", "u", "facts", List.of("x".repeat(2001)))).statusCode(400);
        add(ws, Map.of("external_user_id", "u", "facts", java.util.Collections.nCopies(51, "f"))).statusCode(400);
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("external_user_id", "u", "facts", List.of("x")))
                .when().post("/internal/memories").then().statusCode(403);
        given().auth().oauth2(ws.executeToken()).when().get("/v1/users/u/memories").then().statusCode(403);
        given().auth().oauth2(ws.token()).when().get("/v1/users/u/memories?limit=500").then().statusCode(400);
    }
}
