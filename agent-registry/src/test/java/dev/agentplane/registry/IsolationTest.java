package dev.agentplane.registry;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Another workspace's agent answers 404 AGENT_NOT_FOUND on every endpoint, and never shows up in a list. */
@QuarkusTest
@WithTestResource(value = ExecutionServiceStub.class, scope = TestResourceScope.GLOBAL)
class IsolationTest {
    private final TestTokens.Workspace owner = TestTokens.newWorkspace();
    private final TestTokens.Workspace stranger = TestTokens.newWorkspace();

    private RequestSpecification asStranger() {
        return given().auth().oauth2(stranger.token());
    }

    @Test
    void anotherWorkspacesAgentIsInvisibleEverywhere() {
        String id = Api.createSimple(owner);
        asStranger().when().get("/v1/agents/" + id).then().statusCode(404).body("code", is("AGENT_NOT_FOUND"));
        asStranger().contentType("application/json").body("{\"name\": \"hijack\"}")
                .when().patch("/v1/agents/" + id).then().statusCode(404).body("code", is("AGENT_NOT_FOUND"));
        asStranger().when().delete("/v1/agents/" + id).then().statusCode(404).body("code", is("AGENT_NOT_FOUND"));
        asStranger().when().get("/v1/agents/" + id + "/versions").then().statusCode(404)
                .body("code", is("AGENT_NOT_FOUND"));
        asStranger().when().get("/v1/agents/" + id + "/versions/1").then().statusCode(404)
                .body("code", is("AGENT_NOT_FOUND"));
        asStranger().when().get("/v1/agents/" + id + "/training").then().statusCode(404)
                .body("code", is("AGENT_NOT_FOUND"));
        asStranger().when().post("/v1/agents/" + id + "/promote").then().statusCode(404)
                .body("code", is("AGENT_NOT_FOUND"));
        asStranger().contentType("application/json").body("{\"agent_ids\": [\"" + id + "\"]}")
                .when().post("/v1/agents/batch").then().statusCode(200)
                .body("items", empty(), "missing", contains(id));
        asStranger().when().get("/v1/agents?q=" + id).then().statusCode(200).body("items", empty());
        given().auth().oauth2(stranger.serviceToken()).when().get("/internal/agents/" + id).then().statusCode(404)
                .body("code", is("AGENT_NOT_FOUND"));
        given().auth().oauth2(stranger.serviceToken()).when().get("/internal/agents/" + id + "/versions/1").then()
                .statusCode(404).body("code", is("AGENT_NOT_FOUND"));
        given().auth().oauth2(owner.token()).when().get("/v1/agents/" + id).then().statusCode(200)
                .body("name", is("Agent " + id), "version", is(1));
    }
}
