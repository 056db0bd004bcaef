package dev.agentplane.registry;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Seed 004's agents API at /v2/agents: plain arrays and objects, field by field as the seed shows them. */
@QuarkusTest
@WithTestResource(value = ExecutionServiceStub.class, scope = TestResourceScope.GLOBAL)
class V2AgentsCompatTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private RequestSpecification as(TestTokens.Workspace w) {
        return given().auth().oauth2(w.token()).contentType("application/json");
    }

    private static String codeReviewer(String id) {
        return """
                {"id": "%s", "name": "Code Reviewer Agent",
                 "template": "You are an expert code reviewer. Review code for bugs, security issues, and best practices.",
                 "description": "Reviews pull requests and code changes", "tags": ["engineering", "code-review"],
                 "config": {"enable_memory": true, "enable_history": true, "num_history_runs": 5,
                            "enable_reasoning": true, "reasoning_min_steps": 2, "reasoning_max_steps": 8}}
                """.formatted(id);
    }

    @Test
    void createAnswers201WithTheSeedsFields() {
        String id = Api.slug("code-reviewer");
        as(ws).body(codeReviewer(id)).when().post("/v2/agents").then().statusCode(201)
                .body("id", is(id), "name", is("Code Reviewer Agent"),
                        "description", is("Reviews pull requests and code changes"), "version", is("1"),
                        "message", is("Agent Code Reviewer Agent created successfully"),
                        "tags", contains("engineering", "code-review"), "keySet()", hasSize(6));
    }

    @Test
    void getListAndBatchAnswerTheAgentWithTemplateAndConfig() {
        String id = Api.slug("customer-support");
        as(ws).body(codeReviewer(id)).when().post("/v2/agents").then().statusCode(201);
        String other = Api.slug("sales-assistant");
        as(ws).body("{\"id\": \"" + other + "\", \"name\": \"Sales\", \"template\": \"You sell.\"}")
                .when().post("/v2/agents").then().statusCode(201);
        as(ws).when().get("/v2/agents/" + id).then().statusCode(200)
                .body("id", is(id), "name", is("Code Reviewer Agent"), "version", is("1"),
                        "template", startsWith("You are an expert code reviewer."),
                        "tags", contains("engineering", "code-review"),
                        "config.enable_memory", is(true), "config.enable_history", is(true),
                        "config.num_history_runs", is(5), "config.enable_reasoning", is(true),
                        "config.reasoning_min_steps", is(2), "config.reasoning_max_steps", is(8));
        as(ws).when().get("/v2/agents").then().statusCode(200)
                .body("$", hasSize(2), "id", containsInAnyOrder(id, other),
                        "find { it.id == '" + other + "' }.config.num_history_runs", is(3),
                        "find { it.id == '" + other + "' }.config.enable_reasoning", is(false));
        as(ws).body("{\"agent_ids\": [\"" + other + "\", \"nope\", \"" + id + "\"]}").when().post("/v2/agents/batch")
                .then().statusCode(200).body("$", hasSize(2), "id", contains(other, id));
    }

    @Test
    void deleteAnswersIdAndMessage() {
        String id = Api.slug("gone");
        as(ws).body(codeReviewer(id)).when().post("/v2/agents").then().statusCode(201);
        as(ws).when().delete("/v2/agents/" + id).then().statusCode(200)
                .body("id", is(id), "message", is("Agent " + id + " deleted successfully"));
        as(ws).when().get("/v2/agents/" + id).then().statusCode(404)
                .body("code", is("AGENT_NOT_FOUND"), "detail", notNullValue());
    }

    @Test
    void requiredFieldsAndDuplicatesAreRefused() {
        as(ws).body("{\"name\": \"No id\", \"template\": \"t\"}").when().post("/v2/agents").then().statusCode(400)
                .body("code", is("INVALID_INPUT"), "errors.field", hasItem("id"));
        as(ws).body("{\"id\": \"x-1\", \"name\": \"No template\"}").when().post("/v2/agents").then().statusCode(400)
                .body("errors.field", hasItem("template"));
        as(ws).body("{\"id\": \"bad id!\", \"name\": \"n\", \"template\": \"t\"}").when().post("/v2/agents").then()
                .statusCode(400).body("code", is("INVALID_INPUT"));
        String id = Api.slug("twice");
        as(ws).body(codeReviewer(id)).when().post("/v2/agents").then().statusCode(201);
        as(ws).body(codeReviewer(id)).when().post("/v2/agents").then().statusCode(409)
                .body("code", is("AGENT_ALREADY_EXISTS"));
    }

    @Test
    void anotherWorkspaceSeesNothing() {
        String id = Api.slug("mine");
        as(ws).body(codeReviewer(id)).when().post("/v2/agents").then().statusCode(201);
        TestTokens.Workspace stranger = TestTokens.newWorkspace();
        as(stranger).when().get("/v2/agents/" + id).then().statusCode(404).body("code", is("AGENT_NOT_FOUND"));
        as(stranger).when().delete("/v2/agents/" + id).then().statusCode(404).body("code", is("AGENT_NOT_FOUND"));
        as(stranger).when().get("/v2/agents").then().statusCode(200).body("$", empty());
        as(stranger).body("{\"agent_ids\": [\"" + id + "\"]}").when().post("/v2/agents/batch").then().statusCode(200)
                .body("$", empty());
        given().when().get("/v2/agents").then().statusCode(401).body("code", is("UNAUTHORIZED"));
    }
}
