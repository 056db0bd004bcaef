package dev.agentplane.sessions;

import dev.agentplane.kit.testing.TestTokens;
import dev.agentplane.sessions.support.Api;
import dev.agentplane.sessions.support.RegistryStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Seed 003's /my/conversations: create-or-resume (201/200), archive, feedback; typed ids accepted. */
@QuarkusTest
@QuarkusTestResource(RegistryStub.class)
class MyConversationsCompatTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private RequestSpecification as(TestTokens.Workspace w) {
        return given().auth().oauth2(w.token()).contentType("application/json");
    }

    @Test
    void createResumeArchiveAndStartFresh() {
        String agent = Api.newAgent();
        String id = as(ws).body("{\"agent_id\": \"agent:" + agent + "\"}").when().post("/my/conversations").then()
                .statusCode(201).body("id", notNullValue(), "kind", is("conversation"), "agent_id", is(agent),
                        "status", is("active"))
                .extract().path("id");
        as(ws).body("{\"agent_id\": \"" + agent + "\"}").when().post("/my/conversations").then().statusCode(200)
                .body("id", is(id));
        as(ws).when().post("/my/conversations/" + id + "/archive").then().statusCode(200)
                .body("id", is(id), "status", is("archived"));
        as(ws).body("{\"agent_id\": \"agent:" + agent + "\"}").when().post("/my/conversations").then().statusCode(201)
                .body("id", not(is(id)));
    }

    @Test
    void feedbackOnAnAssistantMessage() {
        String agent = Api.newAgent();
        String id = as(ws).body("{\"agent_id\": \"" + agent + "\"}").when().post("/my/conversations").then()
                .statusCode(201).extract().path("id");
        List<String> ids = Api.appendRun(ws, id, "exec-1", Api.turn("q", "a")).statusCode(201)
                .extract().path("message_ids");
        as(ws).body("{\"value\": 1}").when().post("/my/conversations/" + id + "/messages/" + ids.get(1) + "/feedback")
                .then().statusCode(200).body("message_id", is(ids.get(1)), "value", is(1), "changed", is(true));
        as(ws).body("{\"value\": -1}").when()
                .post("/my/conversations/conversation:" + id + "/messages/" + ids.get(1) + "/feedback")
                .then().statusCode(200).body("value", is(-1), "previous_value", is(1));
        as(ws).body("{\"value\": 5}").when().post("/my/conversations/" + id + "/messages/" + ids.get(1) + "/feedback")
                .then().statusCode(400).body("code", is("INVALID_INPUT"));
    }

    @Test
    void anotherWorkspacesConversationIs404() {
        String agent = Api.newAgent();
        String id = as(ws).body("{\"agent_id\": \"" + agent + "\"}").when().post("/my/conversations").then()
                .statusCode(201).extract().path("id");
        List<String> ids = Api.appendRun(ws, id, "exec-1", Api.turn("q", "a")).statusCode(201)
                .extract().path("message_ids");
        TestTokens.Workspace stranger = TestTokens.newWorkspace();
        as(stranger).when().post("/my/conversations/" + id + "/archive").then().statusCode(404)
                .body("code", is("SESSION_NOT_FOUND"));
        as(stranger).body("{\"value\": 1}").when()
                .post("/my/conversations/" + id + "/messages/" + ids.get(1) + "/feedback").then().statusCode(404);
        given().contentType("application/json").body("{\"agent_id\": \"x\"}").when().post("/my/conversations").then()
                .statusCode(401);
    }
}
