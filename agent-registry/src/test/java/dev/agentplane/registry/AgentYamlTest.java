package dev.agentplane.registry;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Agent definitions in YAML, starting with the seeds' multi-agent workflow file exactly as published. */
@QuarkusTest
class AgentYamlTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    static String seedYaml() {
        try (InputStream in = AgentYamlTest.class.getResourceAsStream("/seeds/content-review-system.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theContentReviewSystemFromTheSeedsIsAcceptedAsIs() {
        String id = given().auth().oauth2(ws.token()).contentType("application/yaml").body(Api.yaml(seedYaml()))
                .when().post("/v1/agents").then().statusCode(201)
                .body("name", is("Content Review System"), "version", is(1),
                        "system_config.name", is("Content Review System"),
                        "system_config.architecture", is("workflow"),
                        "system_config.entry_point", is("writer"),
                        "system_config.agents.name", contains("writer", "reviewer", "publisher"),
                        "system_config.agents[1].structured_output.enabled", is(true),
                        "system_config.agents[1].structured_output.schema.approved.type", is("bool"),
                        "system_config.agents[0].llm_config.model", is("sim-1"),
                        "system_config.edges", hasSize(4),
                        "system_config.edges[0].from", is("__start__"),
                        "system_config.edges[2].condition", is("Is content approved? {{reviewer.output.approved}}"),
                        "system_config.edges[2].condition_type", is("boolean"),
                        "system_config.edges[2].routing.yes", is("publisher"),
                        "system_config.edges[2].routing.no", is("__end__"),
                        "system_config.edges[2]", not(hasKey("to")))
                .extract().path("id");
        given().auth().oauth2(ws.serviceToken()).when().get("/internal/agents/" + id).then().statusCode(200)
                .body("system_config.edges[3].to", is("__end__"), "maturity_level", is("student"),
                        "max_risk", is("low"));
    }

    @Test
    void everyYamlMediaTypeIsAcceptedOnCreateAndValidate() {
        for (String type : new String[]{"application/x-yaml", "text/yaml"}) {
            given().auth().oauth2(ws.token()).contentType(type)
                    .body(Api.yaml("name: YAML agent\ntemplate: Hello {{ variables.name }}\ntags: [yaml]\n"))
                    .when().post("/v1/agents").then().statusCode(201)
                    .body("system_prompt", is("Hello {{ variables.name }}"), "tags", contains("yaml"));
            given().auth().oauth2(ws.token()).contentType(type).body(Api.yaml(seedYaml()))
                    .when().post("/v1/agents/validate").then().statusCode(200)
                    .body("valid", is(true), "errors", empty());
        }
    }

    @Test
    void brokenYamlIsA400Problem() {
        given().auth().oauth2(ws.token()).contentType("application/yaml").body(Api.yaml("name: [unclosed\n  - x: :"))
                .when().post("/v1/agents").then().statusCode(400).contentType("application/problem+json")
                .body("code", is("MALFORMED_YAML"), "detail", containsString("line"));
        given().auth().oauth2(ws.token()).contentType("application/yaml").body(Api.yaml("- just\n- a list\n"))
                .when().post("/v1/agents").then().statusCode(400).body("code", is("INVALID_INPUT"));
        given().auth().oauth2(ws.token()).contentType("application/yaml")
                .body(Api.yaml("name: x\nllm_config:\n  temperature: 7\n"))
                .when().post("/v1/agents").then().statusCode(400)
                .body("errors.field", contains("/llm_config/temperature"));
    }

    @Test
    void yamlAliasesAreNeverExpanded() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *")
                    .append(p).append("]\n");
        }
        // a "billion laughs" document: the parser keeps aliases as references, so it costs nothing
        given().auth().oauth2(ws.token()).contentType("application/yaml").body(Api.yaml(bomb.toString()))
                .when().post("/v1/agents").then().statusCode(400)
                .body("code", is("INVALID_INPUT"), "errors.field", contains("/name"));
    }
}
