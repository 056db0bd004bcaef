package dev.agentplane.sessions;

import dev.agentplane.kit.testing.TestTokens;
import dev.agentplane.sessions.support.Api;
import dev.agentplane.sessions.support.RegistryStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Creating sessions from an agent, an inline config or YAML; reading, changing and listing them. */
@QuarkusTest
@QuarkusTestResource(RegistryStub.class)
class SessionResourceTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void fromAgentPinsTheCurrentVersion() {
        String agent = Api.newAgent();
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("agent_id", agent, "external_user_id", "u-1", "metadata", Map.of("channel", "web"),
                        "variables", Map.of("tone", "formal")))
                .when().post("/v1/sessions").then().statusCode(201)
                .body("id", startsWith("ses_"), "kind", is("session"), "status", is("active"),
                        "agent_id", is(agent), "agent_version", is(3), "title", is("Agent " + agent),
                        "agent_config", nullValue(), "external_user_id", is("u-1"),
                        "metadata.channel", is("web"), "variables.tone", is("formal"), "message_count", is(0));
    }

    @Test
    void unknownAgentIs404() {
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("agent_id", "nope"))
                .when().post("/v1/sessions").then().statusCode(404)
                .contentType("application/problem+json").body("code", is("AGENT_NOT_FOUND"));
    }

    @Test
    void aFailingRegistryIsA503() {
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("agent_id", RegistryStub.FAILING))
                .when().post("/v1/sessions").then().statusCode(503).body("code", is("REGISTRY_UNAVAILABLE"));
    }

    @Test
    void inlineConfigIsValidatedByTheRegistryAndKept() {
        String name = "Support " + System.nanoTime();
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("name", name, "agent_type", "llm_agent", "system_prompt", "Be kind.",
                        "llm_config", Map.of("model", "gpt-4o"), "ttl_seconds", 3600))
                .when().post("/v1/sessions").then().statusCode(201)
                .body("agent_id", nullValue(), "agent_config.name", is(name), "agent_config.system_prompt", is("Be kind."),
                        "agent_config.ttl_seconds", nullValue(), "title", is(name), "ttl_seconds", is(3600),
                        "expires_at", notNullValue());
        assertEquals(1, RegistryStub.validations(name));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("title", "t", "config", Map.of("name", "cfg-" + name)))
                .when().post("/v1/sessions").then().statusCode(201)
                .body("title", is("t"), "agent_config.name", is("cfg-" + name));
    }

    @Test
    void invalidConfigListsTheRegistrysErrors() {
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("name", "broken", "agent_type", "llm_agent"))
                .when().post("/v1/sessions").then().statusCode(400)
                .body("code", is("INVALID_INPUT"), "errors.field", hasItems("/llm_config/model", "/edges/0/to"),
                        "errors.message", hasItem("unknown node 'x'"));
    }

    @Test
    void workflowYamlBecomesTheSessionsConfig() {
        String yaml = """
                name: "Content Review System"
                architecture: "workflow"
                agents:
                  - name: "writer"
                    agent_type: "llm_agent"
                    system_prompt: "Write blog posts."
                  - name: "reviewer"
                    agent_type: "llm_agent"
                    system_prompt: "Review."
                edges:
                  - from: "__start__"
                    to: "writer"
                  - from: "writer"
                    to: "reviewer"
                  - from: "reviewer"
                    to: "__end__"
                entry_point: "writer"
                external_user_id: "yaml-user"
                """;
        given().auth().oauth2(ws.token()).contentType("application/yaml").body(yaml.getBytes())
                .when().post("/v1/sessions").then().statusCode(201)
                .body("title", is("Content Review System"), "agent_config.architecture", is("workflow"),
                        "agent_config.agents.name", contains("writer", "reviewer"),
                        "agent_config.edges[0].from", is("__start__"), "external_user_id", is("yaml-user"));
        given().auth().oauth2(ws.token()).contentType("application/yaml").body("name: [unclosed".getBytes())
                .when().post("/v1/sessions").then().statusCode(400).body("code", is("INVALID_INPUT"));
        given().auth().oauth2(ws.token()).contentType("application/yaml").body("name: broken\n".getBytes())
                .when().post("/v1/sessions").then().statusCode(400).body("errors.field", hasItem("/llm_config/model"));
    }

    @Test
    void inputErrorsAreNamed() {
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("title", "only a title"))
                .when().post("/v1/sessions").then().statusCode(400).body("errors[0].field", is("agent_id"));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("agent_id", "a", "config", Map.of("name", "x")))
                .when().post("/v1/sessions").then().statusCode(400).body("errors[0].field", is("agent_id"));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("agent_id", "a", "ttl_seconds", 5, "title", "x".repeat(201)))
                .when().post("/v1/sessions").then().statusCode(400)
                .body("errors.field", contains("title", "ttl_seconds"));
        given().auth().oauth2(ws.token()).contentType("application/json").body("[1,2]")
                .when().post("/v1/sessions").then().statusCode(400).body("code", is("INVALID_INPUT"));
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"agent_id\": ")
                .when().post("/v1/sessions").then().statusCode(400).body("code", is("MALFORMED_JSON"));
    }

    @Test
    void variablesAreCappedAt16KiBPerRequest() {
        String agent = Api.newAgent();
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("agent_id", agent, "variables", Map.of("big", "x".repeat(16 * 1024))))
                .when().post("/v1/sessions").then().statusCode(400).body("errors[0].field", is("variables"));
        String id = Api.session(ws, agent);
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("variables", Map.of("big", "x".repeat(16 * 1024))))
                .when().patch("/v1/sessions/" + id).then().statusCode(400).body("errors[0].field", is("variables"));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("variables", "not an object"))
                .when().patch("/v1/sessions/" + id).then().statusCode(400).body("errors[0].field", is("variables"));
    }

    @Test
    void patchMergesVariablesAndReplacesTheRest() {
        String agent = Api.newAgent();
        String id = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("agent_id", agent, "variables", Map.of("a", 1, "b", 2)))
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body("{\"title\":\"renamed\",\"variables\":{\"b\":null,\"c\":\"three\"},\"metadata\":{\"k\":\"v\"}}")
                .when().patch("/v1/sessions/" + id).then().statusCode(200)
                .body("title", is("renamed"), "variables", is(Map.of("a", 1, "c", "three")), "metadata.k", is("v"));
        given().auth().oauth2(ws.token()).when().get("/v1/sessions/" + id + "/status").then().statusCode(200)
                .body("id", is(id), "status", is("active"), "title", is("renamed"), "created_at", notNullValue(),
                        "updated_at", notNullValue());
    }

    @Test
    void listFiltersAndPages() {
        String a1 = Api.newAgent();
        String a2 = Api.newAgent();
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(ws.token()).contentType("application/json")
                    .body(Map.of("agent_id", a1, "external_user_id", "u" + i, "metadata", Map.of("tier", i == 0 ? "gold" : "free")))
                    .when().post("/v1/sessions").then().statusCode(201);
        }
        Api.session(ws, a2);
        given().auth().oauth2(ws.token()).when().get("/v1/sessions?limit=2").then().statusCode(200)
                .body("items", hasSize(2), "pagination.total", is(4), "pagination.has_more", is(true));
        given().auth().oauth2(ws.token()).when().get("/v1/sessions?agent_id=" + a1).then()
                .body("pagination.total", is(3), "items.agent_id", everyItem(is(a1)));
        given().auth().oauth2(ws.token()).when().get("/v1/sessions?external_user_id=u1").then()
                .body("items", hasSize(1), "items[0].external_user_id", is("u1"));
        given().auth().oauth2(ws.token()).when().get("/v1/sessions?metadata_key=tier&metadata_value=gold").then()
                .statusCode(200).body("items", hasSize(1), "items[0].external_user_id", is("u0"));
        given().auth().oauth2(ws.token()).when().get("/v1/sessions?metadata_key=tier").then()
                .body("pagination.total", is(3));
        given().auth().oauth2(ws.token()).when().get("/v1/sessions?status=archived").then().body("items", hasSize(0));
        given().auth().oauth2(ws.token()).when().get("/v1/sessions?status=gone").then().statusCode(400)
                .body("errors[0].field", is("status"));
        given().auth().oauth2(ws.token()).when().get("/v1/sessions?limit=101").then().statusCode(400);
        given().auth().oauth2(TestTokens.newWorkspace().token()).when().get("/v1/sessions").then()
                .body("pagination.total", is(0));
    }

    @Test
    void anotherWorkspacesSessionIsNotFound() {
        String id = Api.session(ws, Api.newAgent());
        String other = TestTokens.newWorkspace().token();
        for (String path : new String[]{"", "/status", "/messages"}) {
            given().auth().oauth2(other).when().get("/v1/sessions/" + id + path).then().statusCode(404)
                    .body("code", is("SESSION_NOT_FOUND"));
        }
        given().auth().oauth2(other).contentType("application/json").body(Map.of("title", "x"))
                .when().patch("/v1/sessions/" + id).then().statusCode(404).body("code", is("SESSION_NOT_FOUND"));
        given().auth().oauth2(other).when().delete("/v1/sessions/" + id).then().statusCode(404);
        given().auth().oauth2(ws.token()).when().get("/v1/sessions/" + id).then().statusCode(200);
    }

    @Test
    void sessionsNeedTheWorkspaceScope() {
        given().when().get("/v1/sessions").then().statusCode(401).body("code", is("UNAUTHORIZED"));
        given().auth().oauth2(ws.executeToken()).when().get("/v1/sessions").then().statusCode(403)
                .body("code", is("FORBIDDEN"));
        given().auth().oauth2(ws.serviceToken()).when().get("/v1/sessions").then().statusCode(200);
    }
}
