package dev.agentplane.registry;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Soft delete, guarded by the execution service's count of running executions (stubbed at the wire). */
@QuarkusTest
@WithTestResource(value = ExecutionServiceStub.class, scope = TestResourceScope.GLOBAL)
class AgentDeleteTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private static void stubActive(String agentId, int active) {
        ExecutionServiceStub.server().stubFor(get(urlPathEqualTo("/internal/executions/active"))
                .withQueryParam("agent_id", WireMock.equalTo(agentId)).atPriority(1)
                .willReturn(okJson("{\"agent_id\":\"" + agentId + "\",\"active\":" + active + "}")));
    }

    @Test
    void anIdleAgentIsSoftDeletedEverywhere() {
        String id = Api.createSimple(ws);
        stubActive(id, 0);
        given().auth().oauth2(ws.token()).when().delete("/v1/agents/" + id).then().statusCode(200)
                .body("agent_id", is(id), "deleted", is(true), "version", is(1));
        ExecutionServiceStub.server().verify(getRequestedFor(urlPathEqualTo("/internal/executions/active"))
                .withQueryParam("agent_id", WireMock.equalTo(id))
                .withHeader("Authorization", matching("Bearer .+")));
        given().auth().oauth2(ws.token()).when().get("/v1/agents/" + id).then().statusCode(404)
                .body("code", is("AGENT_NOT_FOUND"));
        given().auth().oauth2(ws.token()).when().get("/v1/agents/" + id + "/versions/1").then().statusCode(404);
        given().auth().oauth2(ws.serviceToken()).when().get("/internal/agents/" + id).then().statusCode(404);
        given().auth().oauth2(ws.token()).when().get("/v1/agents").then().body("items", empty());
        given().auth().oauth2(ws.token()).when().delete("/v1/agents/" + id).then().statusCode(404);
    }

    @Test
    void aDeletedIdCanBeTakenAgainAndItsVersionsContinue() {
        String id = Api.createSimple(ws);
        given().auth().oauth2(ws.token()).when().delete("/v1/agents/" + id).then().statusCode(200);
        Api.create(ws, Api.simpleAgent(id, "Reborn")).statusCode(201).body("version", is(2), "name", is("Reborn"));
        given().auth().oauth2(ws.token()).when().get("/v1/agents/" + id + "/versions").then()
                .body("items.change", contains("restored", "created"));
    }

    @Test
    void anAgentWithRunningExecutionsIsBusy() {
        String id = Api.createSimple(ws);
        stubActive(id, 2);
        given().auth().oauth2(ws.token()).when().delete("/v1/agents/" + id).then().statusCode(409)
                .contentType("application/problem+json").body("code", is("AGENT_BUSY"), "active_executions", is(2));
        given().auth().oauth2(ws.token()).when().get("/v1/agents/" + id).then().statusCode(200);
    }

    @Test
    void whenTheExecutionServiceCannotAnswerNothingIsDeleted() {
        String broken = Api.createSimple(ws);
        ExecutionServiceStub.server().stubFor(get(urlPathEqualTo("/internal/executions/active"))
                .withQueryParam("agent_id", WireMock.equalTo(broken)).atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        given().auth().oauth2(ws.token()).when().delete("/v1/agents/" + broken).then().statusCode(503)
                .contentType("application/problem+json").body("code", is("SERVICE_UNAVAILABLE"));
        String failing = Api.createSimple(ws);
        ExecutionServiceStub.server().stubFor(get(urlPathEqualTo("/internal/executions/active"))
                .withQueryParam("agent_id", WireMock.equalTo(failing)).atPriority(1)
                .willReturn(serverError()));
        given().auth().oauth2(ws.token()).when().delete("/v1/agents/" + failing).then().statusCode(503);
        given().auth().oauth2(ws.token()).when().get("/v1/agents").then().body("pagination.total", is(2));
    }

    @Test
    void anotherWorkspacesAgentIs404WithoutAskingTheExecutionService() {
        String id = Api.createSimple(ws);
        given().auth().oauth2(TestTokens.newWorkspace().token()).when().delete("/v1/agents/" + id).then()
                .statusCode(404).body("code", is("AGENT_NOT_FOUND"));
        ExecutionServiceStub.server().verify(0, getRequestedFor(urlPathEqualTo("/internal/executions/active"))
                .withQueryParam("agent_id", WireMock.equalTo(id)));
    }
}
