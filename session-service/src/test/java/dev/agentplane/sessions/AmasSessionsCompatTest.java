package dev.agentplane.sessions;

import dev.agentplane.kit.testing.TestTokens;
import dev.agentplane.sessions.support.Api;
import dev.agentplane.sessions.support.RegistryStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Seeds 000/001's sessions at /api/v1/sessions/ and /api/v1/runtime/{id}/messages|status/, as the seed's clients read them. */
@QuarkusTest
@QuarkusTestResource(RegistryStub.class)
class AmasSessionsCompatTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private RequestSpecification as(TestTokens.Workspace w) {
        return given().auth().oauth2(w.token()).contentType("application/json");
    }

    @Test
    void aSessionFromAnInlineConfigIsCreatedListedReadAndDeleted() {
        String id = as(ws).body(Map.of("name", "Support Chat Session", "agent_type", "llm_agent",
                        "system_prompt", "You are a helpful customer support agent.",
                        "llm_config", Map.of("model", "gpt-4o", "temperature", 0.7)))
                .when().post("/api/v1/sessions/").then().statusCode(201)
                .body("id", notNullValue(), "object", is("agent.session"), "title", is("Support Chat Session"),
                        "status", is("active"), "config.system_prompt", is("You are a helpful customer support agent."),
                        "created_at", isA(Integer.class), "updated_at", isA(Integer.class))
                .extract().path("id");
        as(ws).when().get("/api/v1/sessions/").then().statusCode(200)
                .body("$", hasSize(1), "[0].id", is(id), "[0].created_at", isA(Integer.class));
        as(ws).when().get("/api/v1/sessions").then().statusCode(200).body("$", hasSize(1));
        as(ws).when().get("/api/v1/sessions/" + id + "/").then().statusCode(200).body("id", is(id));
        as(ws).when().get("/api/v1/runtime/" + id + "/status/").then().statusCode(200)
                .body("id", is(id), "status", is("active"), "title", is("Support Chat Session"),
                        "created_at", isA(Integer.class), "updated_at", isA(Integer.class), "keySet()", hasSize(5));
        as(ws).when().delete("/api/v1/sessions/" + id + "/").then().statusCode(204);
        as(ws).when().get("/api/v1/sessions/" + id + "/").then().statusCode(404)
                .body("code", is("SESSION_NOT_FOUND"), "detail", notNullValue());
    }

    @Test
    void aSessionFromASavedAgentOrYaml() {
        String agent = Api.newAgent();
        as(ws).body(Map.of("agent_id", agent)).when().post("/api/v1/sessions/").then().statusCode(201)
                .body("agent_id", is(agent), "agent_version", is(3));
        String yaml = """
                name: "Content Review System"
                architecture: "workflow"
                agents:
                  - name: "writer"
                    agent_type: "llm_agent"
                    system_prompt: "Write blog posts on given topics."
                edges:
                  - from: "__start__"
                    to: "writer"
                  - from: "writer"
                    to: "__end__"
                entry_point: "writer"
                """;
        given().auth().oauth2(ws.token()).contentType("application/yaml").body(yaml.getBytes())
                .when().post("/api/v1/sessions/").then().statusCode(201)
                .body("title", is("Content Review System"), "config.agents.name", contains("writer"));
    }

    @Test
    void historyIsOnePlainArrayOldestFirst() {
        String id = Api.session(ws, Api.newAgent());
        for (int i = 0; i < 3; i++) {
            Api.appendRun(ws, id, "exec-" + i, Api.turn("q" + i, "a" + i)).statusCode(201);
        }
        as(ws).when().get("/api/v1/runtime/" + id + "/messages/").then().statusCode(200)
                .body("$", hasSize(6), "content", contains("q0", "a0", "q1", "a1", "q2", "a2"),
                        "role", contains("user", "assistant", "user", "assistant", "user", "assistant"),
                        "[1].id", notNullValue(), "[1].execution_id", is("exec-0"), "[1].created_at", isA(Integer.class));
    }

    @Test
    void errorsFollowSeed001sTable() {
        as(ws).body(Map.of("name", "broken", "llm_config", Map.of("model", "no-such-model")))
                .when().post("/api/v1/sessions/").then().statusCode(400).body("code", is("INVALID_INPUT"));
        given().when().get("/api/v1/sessions/").then().statusCode(401);
        String id = Api.session(ws, Api.newAgent());
        TestTokens.Workspace stranger = TestTokens.newWorkspace();
        as(stranger).when().get("/api/v1/sessions/" + id + "/").then().statusCode(404).body("code", is("SESSION_NOT_FOUND"));
        as(stranger).when().delete("/api/v1/sessions/" + id + "/").then().statusCode(404);
        as(stranger).when().get("/api/v1/runtime/" + id + "/messages/").then().statusCode(404);
        as(stranger).when().get("/api/v1/runtime/" + id + "/status/").then().statusCode(404);
        as(stranger).when().get("/api/v1/sessions/").then().statusCode(200).body("$", empty());
    }
}
