package dev.agentplane.sessions;

import dev.agentplane.kit.testing.TestTokens;
import dev.agentplane.sessions.support.RegistryStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/**
 * Per-user memory: added by the execution service (deduplicated by embedding, replaced when contradicted),
 * recalled by relevance, listed with their source execution and deleted by the workspace.
 */
@QuarkusTest
@QuarkusTestResource(RegistryStub.class)
class MemoryTest {
    private static final List<Float> TEA = List.of(1f, 0f, 0f);
    private static final List<Float> TEA_AGAIN = List.of(0.95f, 0.31f, 0f);
    private static final List<Float> CITY = List.of(0f, 1f, 0f);
    private static final List<Float> DOG = List.of(0f, 0f, 1f);
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private ValidatableResponse add(TestTokens.Workspace w, String user, String agent, String execution,
                                    List<Map<String, Object>> facts) {
        Map<String, Object> body = new HashMap<>(Map.of("external_user_id", user, "facts", facts,
                "embedding_model", "all-minilm-l6-v2"));
        if (agent != null) {
            body.put("agent_id", agent);
        }
        if (execution != null) {
            body.put("execution_id", execution);
        }
        return given().auth().oauth2(w.serviceToken()).contentType("application/json").body(body)
                .when().post("/internal/memories").then();
    }

    private static Map<String, Object> fact(String text, List<Float> embedding) {
        return Map.of("fact", text, "embedding", embedding);
    }

    private ValidatableResponse search(TestTokens.Workspace w, String user, String agent, List<Float> query, int k) {
        Map<String, Object> body = new HashMap<>(Map.of("external_user_id", user, "top_k", k));
        if (agent != null) {
            body.put("agent_id", agent);
        }
        if (query != null) {
            body.put("embedding", query);
        }
        return given().auth().oauth2(w.serviceToken()).contentType("application/json").body(body)
                .when().post("/internal/memories/search").then().statusCode(200);
    }

    @Test
    void factsAreStoredOnceWithTheirExecutionListedAndDeleted() {
        add(ws, "u-7", null, "exec-1", List.of(fact("Likes tea", TEA), fact("Lives in Oslo", CITY), fact("Likes tea", TEA)))
                .statusCode(201).body("memories.fact", contains("Likes tea", "Lives in Oslo"),
                        "memories[0].id", startsWith("mem_"), "memories.replaced", contains(false, false), "skipped", is(1));
        // the same meaning in other words is a duplicate; an unrelated fact is new
        add(ws, "u-7", null, "exec-2", List.of(fact("Enjoys a cup of tea", TEA_AGAIN), fact("Has a dog", DOG)))
                .statusCode(201).body("memories.fact", contains("Has a dog"), "skipped", is(1));
        String id = given().auth().oauth2(ws.token()).when().get("/v1/users/u-7/memories?order=asc").then()
                .statusCode(200).body("items.fact", contains("Likes tea", "Lives in Oslo", "Has a dog"),
                        "items.execution_id", contains("exec-1", "exec-1", "exec-2"),
                        "pagination.total", is(3)).extract().path("items[0].id");
        given().auth().oauth2(ws.token()).when().delete("/v1/users/u-7/memories/" + id).then().statusCode(204);
        given().auth().oauth2(ws.token()).when().delete("/v1/users/u-7/memories/" + id).then().statusCode(404)
                .body("code", is("MEMORY_NOT_FOUND"));
        given().auth().oauth2(ws.token()).when().delete("/v1/users/u-7/memories").then().statusCode(200)
                .body("deleted", is(2));
        given().auth().oauth2(ws.token()).when().get("/v1/users/u-7/memories").then().body("items", hasSize(0));
    }

    @Test
    void aContradictingFactReplacesTheOneItNames() {
        String lyon = add(ws, "u-move", null, "exec-1", List.of(fact("The user lives in Lyon", CITY))).statusCode(201)
                .extract().path("memories[0].id");
        add(ws, "u-move", null, "exec-3", List.of(Map.of("fact", "The user lives in Paris", "embedding", CITY,
                "replaces", lyon))).statusCode(201)
                .body("memories[0].id", is(lyon), "memories[0].replaced", is(true), "skipped", is(0));
        given().auth().oauth2(ws.token()).when().get("/v1/users/u-move/memories").then()
                .body("items.fact", contains("The user lives in Paris"), "items[0].execution_id", is("exec-3"),
                        "items[0].updated_at", notNullValue());
        // a replaces that names another user's memory (or none) does not touch it: the fact is added
        add(ws, "u-other", null, "exec-4", List.of(Map.of("fact", "The user lives in Rome", "embedding", DOG,
                "replaces", lyon))).statusCode(201).body("memories[0].replaced", is(false));
        given().auth().oauth2(ws.token()).when().get("/v1/users/u-move/memories").then()
                .body("items.fact", contains("The user lives in Paris"));
    }

    @Test
    void recallRanksByRelevanceAndKeepsToTheUserAndAgent() {
        add(ws, "user-1", null, "e1", List.of(fact("Speaks Norwegian", DOG), fact("Likes tea", TEA))).statusCode(201);
        add(ws, "user-1", "agent-a", "e2", List.of(fact("Lives in Oslo", CITY))).statusCode(201);
        add(ws, "user-1", "agent-b", "e3", List.of(fact("Secret of agent b", List.of(0.1f, 0.9f, 0f)))).statusCode(201);
        add(ws, "user-2", null, "e4", List.of(fact("Other user in Oslo", CITY))).statusCode(201);
        search(ws, "user-1", "agent-a", List.of(0.1f, 1f, 0.05f), 2)
                .body("memories.fact", contains("Lives in Oslo", "Likes tea"),
                        "memories[0].score", greaterThan(0.9f), "memories[0].execution_id", is("e2"));
        search(ws, "user-1", "agent-a", TEA, 1).body("memories.fact", contains("Likes tea"));
        search(ws, "user-1", null, CITY, 10).body("memories.fact", containsInAnyOrder("Speaks Norwegian", "Likes tea"));
        // without a query embedding (the embedder was down): the most recent ones
        search(ws, "user-1", "agent-a", null, 1).body("memories.fact", contains("Lives in Oslo"),
                "memories[0].score", nullValue());
        search(ws, "nobody", "agent-a", CITY, 5).body("memories", hasSize(0));
    }

    @Test
    void anotherWorkspaceSeesNoneOfThem() {
        String id = add(ws, "u-iso", null, null, List.of(fact("Private fact", TEA))).statusCode(201)
                .extract().path("memories[0].id");
        TestTokens.Workspace other = TestTokens.newWorkspace();
        given().auth().oauth2(other.token()).when().get("/v1/users/u-iso/memories").then().statusCode(200)
                .body("items", hasSize(0));
        search(other, "u-iso", null, TEA, 5).body("memories", hasSize(0));
        add(other, "u-iso", null, null, List.of(Map.of("fact", "Overwritten", "embedding", DOG, "replaces", id)))
                .statusCode(201).body("memories[0].replaced", is(false));
        given().auth().oauth2(other.token()).when().delete("/v1/users/u-iso/memories/" + id).then().statusCode(404);
        given().auth().oauth2(other.token()).when().delete("/v1/users/u-iso/memories").then().body("deleted", is(1));
        given().auth().oauth2(ws.token()).when().get("/v1/users/u-iso/memories").then()
                .body("items.fact", contains("Private fact"));
    }

    @Test
    void limitsAndScopes() {
        add(ws, "u", null, null, List.of()).statusCode(400);
        given().auth().oauth2(ws.serviceToken()).contentType("application/json")
                .body(Map.of("facts", List.of(Map.of("fact", "x")))).when().post("/internal/memories").then()
                .statusCode(400).body("code", is("INVALID_INPUT"));
        add(ws, "u", null, null, List.of(Map.of("fact", "x".repeat(2001)))).statusCode(400);
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            many.add(Map.of("fact", "f" + i));
        }
        add(ws, "u", null, null, many).statusCode(400);
        given().auth().oauth2(ws.serviceToken()).contentType("application/json")
                .body(Map.of("external_user_id", "u", "top_k", 51)).when().post("/internal/memories/search").then()
                .statusCode(400);
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("external_user_id", "u", "facts", List.of(Map.of("fact", "x"))))
                .when().post("/internal/memories").then().statusCode(403);
        given().auth().oauth2(ws.executeToken()).when().get("/v1/users/u/memories").then().statusCode(403);
        given().auth().oauth2(ws.token()).when().get("/v1/users/u/memories?limit=500").then().statusCode(400);
    }
}
