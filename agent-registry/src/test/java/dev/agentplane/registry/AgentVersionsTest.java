package dev.agentplane.registry;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Every change makes an immutable version; public and internal reads serve any of them. */
@QuarkusTest
class AgentVersionsTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private void rename(String id, String name) {
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"name\": \"" + name + "\"}")
                .when().patch("/v1/agents/" + id).then().statusCode(200);
    }

    @Test
    void historyListsEveryVersionNewestFirstAndSnapshotsNeverChange() {
        String id = Api.createSimple(ws);
        rename(id, "Second");
        rename(id, "Third");
        given().auth().oauth2(ws.token()).when().get("/v1/agents/" + id + "/versions").then().statusCode(200)
                .body("items.version", contains(3, 2, 1), "items.change", contains("updated", "updated", "created"),
                        "items.name", contains("Third", "Second", "Agent " + id), "pagination.total", is(3));
        given().auth().oauth2(ws.token()).when().get("/v1/agents/" + id + "/versions?order=asc&limit=1&page=2")
                .then().statusCode(200).body("items.version", contains(2), "pagination.has_more", is(true));
        given().auth().oauth2(ws.token()).when().get("/v1/agents/" + id + "/versions/2").then().statusCode(200)
                .body("id", is(id), "version", is(2), "name", is("Second"), "llm_config.model", is("sim-1"));
        given().auth().oauth2(ws.token()).when().get("/v1/agents/" + id).then().body("version", is(3), "name", is("Third"));
    }

    @Test
    void unknownVersionsAre404AndBadNumbers400() {
        String id = Api.createSimple(ws);
        given().auth().oauth2(ws.token()).when().get("/v1/agents/" + id + "/versions/7").then().statusCode(404)
                .body("code", is("VERSION_NOT_FOUND"));
        given().auth().oauth2(ws.token()).when().get("/v1/agents/" + id + "/versions/zero").then().statusCode(400)
                .body("code", is("INVALID_INPUT"));
        given().auth().oauth2(ws.token()).when().get("/v1/agents/" + id + "/versions/0").then().statusCode(400);
    }

    @Test
    void internalReadsServeTheCurrentAndPinnedVersionsToServices() {
        String id = Api.createSimple(ws);
        rename(id, "Pinned later");
        given().auth().oauth2(ws.serviceToken()).when().get("/internal/agents/" + id).then().statusCode(200)
                .body("id", is(id), "version", is(2), "name", is("Pinned later"),
                        "system_prompt", is("You help with {{ variables.topic }}."), "tools", contains("calculator"));
        given().auth().oauth2(ws.serviceToken()).when().get("/internal/agents/" + id + "/versions/1").then()
                .statusCode(200).body("version", is(1), "name", is("Agent " + id));
        given().auth().oauth2(ws.serviceToken()).when().get("/internal/agents/nope").then().statusCode(404)
                .contentType("application/problem+json").body("code", is("AGENT_NOT_FOUND"));
        TestTokens.Workspace other = TestTokens.newWorkspace();
        given().auth().oauth2(other.serviceToken()).when().get("/internal/agents/" + id).then().statusCode(404)
                .body("code", is("AGENT_NOT_FOUND"));
        given().auth().oauth2(other.serviceToken()).when().get("/internal/agents/" + id + "/versions/1").then()
                .statusCode(404).body("code", is("AGENT_NOT_FOUND"));
        given().auth().oauth2(ws.token()).when().get("/internal/agents/" + id).then().statusCode(403);
    }
}
