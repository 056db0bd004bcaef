package dev.agentplane.registry;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

@QuarkusTest
@WithTestResource(value = ExecutionServiceStub.class, scope = TestResourceScope.GLOBAL)
class AgentCrudTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void createsAnAgentWithEveryDefaultFilledIn() {
        String id = given().auth().oauth2(ws.token()).contentType("application/json")
                .body("{\"name\": \"Finance Assistant\", \"role\": \"finance-agent\", \"maturity_level\": \"intern\","
                        + " \"capabilities\": [\"analyze\", \"report\"]}")
                .when().post("/v1/agents").then().statusCode(201)
                .header("Location", containsString("/v1/agents/agent_"))
                .body("id", startsWith("agent_"), "name", is("Finance Assistant"), "role", is("finance-agent"),
                        "maturity_level", is("intern"), "status", is("active"), "version", is(1),
                        "capabilities", contains("analyze", "report"), "tags", empty(), "tools", empty(),
                        "knowledge_bases", empty(), "system_prompt", nullValue(), "system_config", nullValue(),
                        "llm_config.provider", is("openai"), "llm_config.model", is("sim-1"),
                        "llm_config.temperature", is(0.7f), "config.enable_memory", is(true),
                        "config.enable_history", is(true), "config.num_history_runs", is(3),
                        "config.enable_reasoning", is(false), "config.reasoning_min_steps", is(1),
                        "config.reasoning_max_steps", is(10), "structured_output.enabled", is(false),
                        "created_at", notNullValue(), "updated_at", notNullValue())
                .extract().path("id");
        given().auth().oauth2(ws.token()).when().get("/v1/agents/" + id).then().statusCode(200)
                .body("id", is(id), "name", is("Finance Assistant"), "version", is(1));
    }

    @Test
    void acceptsTheV2ShapeWithAClientChosenIdAndTemplate() {
        String id = Api.slug("code-reviewer");
        Api.create(ws, """
                {"id": "%s", "name": "Code Reviewer Agent", "description": "Reviews pull requests",
                 "template": "You are an expert code reviewer.", "tags": ["engineering", "code-review"],
                 "config": {"enable_memory": true, "enable_history": true, "num_history_runs": 5,
                            "enable_reasoning": true, "reasoning_min_steps": 2, "reasoning_max_steps": 8,
                            "worker_config": {"hooks": ["audit"]}},
                 "llm_config": {"provider": "anthropic", "model": "claude-sonnet-4-0", "temperature": 0.2, "max_tokens": 2000},
                 "structured_output": {"enabled": true, "schema": {"verdict": {"type": "str"}}},
                 "knowledge_bases": ["kb_docs"], "tools": ["calculator", "http_request"]}
                """.formatted(id)).statusCode(201)
                .body("id", is(id), "system_prompt", is("You are an expert code reviewer."),
                        "tags", contains("engineering", "code-review"), "config.num_history_runs", is(5),
                        "config.worker_config.hooks", contains("audit"), "llm_config.max_tokens", is(2000),
                        "llm_config.provider", is("anthropic"), "structured_output.schema.verdict.type", is("str"),
                        "knowledge_bases", contains("kb_docs"), "tools", contains("calculator", "http_request"));
    }

    @Test
    void aTakenIdIsAConflict() {
        String id = Api.createSimple(ws);
        Api.create(ws, Api.simpleAgent(id, "again")).statusCode(409).contentType("application/problem+json")
                .body("code", is("AGENT_ALREADY_EXISTS"));
        Api.create(TestTokens.newWorkspace(), Api.simpleAgent(id, "same id, other workspace")).statusCode(201);
    }

    @Test
    void inputLimitsAreEnforcedWithPointers() {
        String caps = String.join(",", IntStream.range(0, 51).mapToObj(i -> "\"c" + i + "\"").toList());
        Api.create(ws, """
                {"id": "bad id!", "name": "%s", "description": "%s", "role": "wizard", "maturity_level": "expert",
                 "status": "paused", "capabilities": [%s]}
                """.formatted("n".repeat(256), "d".repeat(1001), caps)).statusCode(400)
                .contentType("application/problem+json").body("code", is("INVALID_INPUT"),
                        "errors.field", hasItems("/id", "/name", "/description", "/role", "/maturity_level",
                                "/status", "/capabilities"));
        Api.create(ws, "{\"id\": \"" + "x".repeat(256) + "\", \"name\": \"a\"}").statusCode(400)
                .body("errors.field", contains("/id"));
        Api.create(ws, "{\"description\": \"no name\"}").statusCode(400)
                .body("errors.field", contains("/name"), "issues[0].code", is("REQUIRED"));
        Api.create(ws, "{\"name\": \"a\", \"llm_config\": {\"temperature\": \"hot\"}}").statusCode(400)
                .body("errors.field", contains("/llm_config/temperature"), "detail", not(containsString("java")));
        Api.create(ws, "[1, 2]").statusCode(400).body("code", is("INVALID_INPUT"));
        Api.create(ws, "{\"name\": ").statusCode(400).body("code", is("MALFORMED_JSON"));
    }

    @Test
    void patchMergesMakesANewVersionAndKeepsRoleAndMaturity() {
        String id = Api.createSimple(ws);
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body("{\"name\": \"Renamed\", \"status\": \"inactive\", \"llm_config\": {\"temperature\": 1.1},"
                        + " \"configuration\": {\"max_tokens\": 3000}}")
                .when().patch("/v1/agents/" + id).then().statusCode(200)
                .body("name", is("Renamed"), "status", is("inactive"), "version", is(2),
                        "llm_config.max_tokens", is(3000), "llm_config.model", is("sim-1"),
                        "system_prompt", is("You help with {{ variables.topic }}."), "tools", contains("calculator"));
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"name\": \"Renamed\"}")
                .when().patch("/v1/agents/" + id).then().statusCode(200).body("version", is(2));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body("{\"role\": \"custom\", \"maturity_level\": \"autonomous\", \"id\": \"other\"}")
                .when().patch("/v1/agents/" + id).then().statusCode(400)
                .body("code", is("INVALID_INPUT"), "errors.field", containsInAnyOrder("/role", "/maturity_level", "/id"));
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"tools\": [\"teleport\"]}")
                .when().patch("/v1/agents/" + id).then().statusCode(400).body("errors.field", contains("/tools/0"));
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"template\": \"New prompt\"}")
                .when().patch("/v1/agents/" + id).then().statusCode(200)
                .body("system_prompt", is("New prompt"), "version", is(3));
    }

    @Test
    void batchReturnsFoundAgentsInOrderAndReportsMissingOnes() {
        String a = Api.createSimple(ws);
        String b = Api.createSimple(ws);
        String foreign = Api.createSimple(TestTokens.newWorkspace());
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body("{\"agent_ids\": [\"" + b + "\", \"nope\", \"" + a + "\", \"" + foreign + "\"]}")
                .when().post("/v1/agents/batch").then().statusCode(200)
                .body("items.id", contains(b, a), "missing", contains("nope", foreign));
        String tooMany = String.join(",", IntStream.range(0, 101).mapToObj(i -> "\"a" + i + "\"").toList());
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"agent_ids\": [" + tooMany + "]}")
                .when().post("/v1/agents/batch").then().statusCode(400).body("code", is("INVALID_INPUT"));
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"agent_ids\": []}")
                .when().post("/v1/agents/batch").then().statusCode(400);
    }

    @Test
    void credentialsAndScopesAreChecked() {
        given().when().get("/v1/agents").then().statusCode(401).body("code", is("UNAUTHORIZED"));
        given().auth().oauth2(ws.executeToken()).when().get("/v1/agents").then().statusCode(403)
                .body("code", is("FORBIDDEN"));
        given().auth().oauth2(ws.serviceToken()).contentType("application/json").body(Api.simpleAgent("s1", "s"))
                .when().post("/v1/agents").then().statusCode(403);
        given().auth().oauth2(ws.serviceToken()).when().get("/v1/agents").then().statusCode(200);
        given().auth().oauth2(ws.token()).when().get("/internal/agents/x").then().statusCode(403);
        given().auth().oauth2(ws.token()).contentType("text/plain").body("hi")
                .when().post("/v1/agents").then().statusCode(415);
        given().auth().oauth2(ws.token()).when().get("/v1/agents/missing").then()
                .statusCode(404).contentType("application/problem+json").body("code", is("AGENT_NOT_FOUND"));
    }
}
