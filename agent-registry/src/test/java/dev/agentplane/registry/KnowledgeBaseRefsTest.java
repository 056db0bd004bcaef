package dev.agentplane.registry;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/**
 * An agent's knowledge_bases must exist in the caller's workspace: knowledge-service is asked with a service token
 * for that workspace, and what it calls missing (another workspace's base is missing there) is refused.
 */
@QuarkusTest
@QuarkusTestResource(ExecutionServiceStub.class)
class KnowledgeBaseRefsTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private static void missing(String id) {
        ExecutionServiceStub.server().stubFor(WireMock.post(WireMock.urlPathEqualTo("/internal/knowledge-bases/lookup"))
                .withRequestBody(WireMock.matchingJsonPath("$.ids[?(@ == '" + id + "')]")).atPriority(1)
                .willReturn(WireMock.okJson("{\"found\":[],\"missing\":[\"" + id + "\"]}")));
    }

    @Test
    void aBaseTheWorkspaceDoesNotHaveIsRefusedWhereverItIsNamed() {
        missing("kb_theirs");
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body("{\"name\": \"a\", \"knowledge_bases\": [\"kb_mine\", \"kb_theirs\"]}")
                .when().post("/v1/agents").then().statusCode(400).contentType("application/problem+json")
                .body("issues[0].code", is("UNKNOWN_KNOWLEDGE_BASE"), "issues[0].pointer", is("/knowledge_bases/1"),
                        "issues[0].message", containsString("kb_theirs"), "issues", hasSize(1));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body("{\"name\": \"w\", \"system_config\": {\"name\": \"flow\", \"agents\": [{\"name\": \"n1\","
                        + " \"knowledge_bases\": [{\"id\": \"kb_theirs\"}]}]}}")
                .when().post("/v1/agents/validate").then().statusCode(200)
                .body("valid", is(false), "errors.pointer", hasItem("/system_config/agents/0/knowledge_bases/0/id"),
                        "errors.code", hasItem("UNKNOWN_KNOWLEDGE_BASE"));
        ExecutionServiceStub.server().verify(WireMock.postRequestedFor(WireMock.urlPathEqualTo("/internal/knowledge-bases/lookup"))
                .withHeader("Authorization", WireMock.matching("Bearer .+"))
                .withRequestBody(WireMock.equalToJson("{\"ids\": [\"kb_mine\", \"kb_theirs\"]}")));
    }

    @Test
    void basesThatExistAreAcceptedAndAnUnreachableServiceDoesNotBlockSaving() {
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body("{\"name\": \"a\", \"knowledge_bases\": [\"kb_mine\"]}")
                .when().post("/v1/agents").then().statusCode(201).body("knowledge_bases", contains("kb_mine"));
        ExecutionServiceStub.server().stubFor(WireMock.post(WireMock.urlPathEqualTo("/internal/knowledge-bases/lookup"))
                .withRequestBody(WireMock.containing("kb_during_outage")).atPriority(1)
                .willReturn(WireMock.aResponse().withStatus(503)));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body("{\"name\": \"b\", \"knowledge_bases\": [\"kb_during_outage\"]}")
                .when().post("/v1/agents").then().statusCode(201);
    }
}
