package dev.agentplane.registry;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Seeds 000/001's agent routes at /api/v1/agent/: validation and saved system_config agents, slash or not. */
@QuarkusTest
@WithTestResource(value = ExecutionServiceStub.class, scope = TestResourceScope.GLOBAL)
class AmasAgentsCompatTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private RequestSpecification as(TestTokens.Workspace w) {
        return given().auth().oauth2(w.token()).contentType("application/json");
    }

    private static String savedAgent(String prompt) {
        return """
                {"system_config": {"name": "Support Agent Template", "architecture": "workflow",
                  "agents": [{"name": "support_agent", "agent_type": "llm_agent", "system_prompt": "%s",
                              "llm_config": {"model": "sim-1", "temperature": 0.7}, "tools": ["calculator"]}],
                  "entry_point": "support_agent"}}""".formatted(prompt);
    }

    @Test
    void validateAcceptsTheSeedsFlatConfigAndReportsErrors() {
        as(ws).body("""
                {"name": "Customer Support Agent", "agent_type": "llm_agent",
                 "system_prompt": "You are a helpful customer support agent. Be friendly and professional.",
                 "llm_config": {"model": "sim-1", "temperature": 0.7}}""")
                .when().post("/api/v1/agent/validate/").then().statusCode(200).body("valid", is(true), "errors", empty());
        as(ws).body("{\"name\": \"x\", \"llm_config\": {\"temperature\": 7}}")
                .when().post("/api/v1/agent/validate").then().statusCode(200)
                .body("valid", is(false), "errors[0].pointer", is("/llm_config/temperature"));
    }

    @Test
    void savedAgentsRoundTripWithAndWithoutTrailingSlash() {
        String id = as(ws).body(savedAgent("You are a helpful support agent.")).when().post("/api/v1/agent/").then()
                .statusCode(201).body("id", startsWith("agent_"), "name", is("Support Agent Template"),
                        "system_config.entry_point", is("support_agent"),
                        "system_config.agents[0].tools", contains("calculator"), "created_at", isA(Integer.class))
                .extract().path("id");
        as(ws).when().get("/api/v1/agent/").then().statusCode(200).body("$", hasSize(1), "[0].id", is(id));
        as(ws).when().get("/api/v1/agent").then().statusCode(200).body("$", hasSize(1));
        as(ws).when().get("/api/v1/agent/" + id + "/").then().statusCode(200)
                .body("id", is(id), "system_config.agents[0].system_prompt", is("You are a helpful support agent."),
                        "updated_at", isA(Integer.class));
        as(ws).body(savedAgent("Updated prompt here")).when().patch("/api/v1/agent/" + id + "/").then().statusCode(200)
                .body("system_config.agents[0].system_prompt", is("Updated prompt here"), "version", is(2));
        as(ws).when().get("/api/v1/agent/" + id).then().statusCode(200)
                .body("system_config.agents[0].system_prompt", is("Updated prompt here"));
        as(ws).when().delete("/api/v1/agent/" + id + "/").then().statusCode(204);
        as(ws).when().get("/api/v1/agent/" + id + "/").then().statusCode(404).body("code", is("AGENT_NOT_FOUND"));
    }

    @Test
    void anInvalidConfigIs400AndOtherWorkspacesAre404() {
        as(ws).body("{\"system_config\": {\"name\": \"Broken\", \"agents\": [{\"name\": \"a\"}], \"entry_point\": \"b\"}}")
                .when().post("/api/v1/agent/").then().statusCode(400).body("code", is("INVALID_INPUT"),
                        "detail", notNullValue());
        String id = as(ws).body(savedAgent("p")).when().post("/api/v1/agent/").then().statusCode(201)
                .extract().path("id");
        TestTokens.Workspace stranger = TestTokens.newWorkspace();
        as(stranger).when().get("/api/v1/agent/" + id + "/").then().statusCode(404);
        as(stranger).body(savedAgent("x")).when().patch("/api/v1/agent/" + id + "/").then().statusCode(404);
        as(stranger).when().delete("/api/v1/agent/" + id + "/").then().statusCode(404);
        as(stranger).when().get("/api/v1/agent/").then().statusCode(200).body("$", empty());
        given().contentType("application/json").body("{}").when().post("/api/v1/agent/validate/").then().statusCode(401);
    }
}
