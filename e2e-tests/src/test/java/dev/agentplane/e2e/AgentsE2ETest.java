package dev.agentplane.e2e;

import dev.agentplane.e2e.support.Platform;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.hamcrest.Matchers.*;

/** The agent registry through the gateway: JSON and YAML definitions, filters, versions, isolation. */
class AgentsE2ETest {
    private static final String WORKFLOW_YAML = """
            name: "Content Review System"
            architecture: "workflow"
            agents:
              - name: "writer"
                agent_type: "llm_agent"
                system_prompt: "Write blog posts on given topics."
              - name: "reviewer"
                agent_type: "llm_agent"
                system_prompt: "Review content for quality and accuracy."
                structured_output:
                  enabled: true
                  schema:
                    approved:
                      type: "bool"
                      description: "Whether content is approved"
            edges:
              - from: "__start__"
                to: "writer"
              - from: "writer"
                to: "reviewer"
              - from: "reviewer"
                condition: "Is content approved? {{reviewer.output.approved}}"
                condition_type: "boolean"
                routing:
                  yes: "__end__"
                  no: "writer"
            entry_point: "writer"
            """;

    @Test
    void createInJsonAndYamlListWithFiltersAndReadVersions() {
        Platform.Workspace ws = Platform.newWorkspace();
        String id = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        ws.given().contentType("application/json")
                .body("{\"id\": \"" + id + "\", \"name\": \"Finance helper\", \"role\": \"finance-agent\","
                        + " \"template\": \"Help with {{ variables.topic }}\", \"tags\": [\"finance\"],"
                        + " \"tools\": [\"calculator\"]}")
                .when().post("/v1/agents").then().statusCode(201)
                .body("id", is(id), "version", is(1), "llm_config.model", notNullValue());
        String workflowId = ws.given().contentType("application/yaml")
                .body(WORKFLOW_YAML.getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/agents").then().statusCode(201)
                .body("system_config.entry_point", is("writer"), "system_config.edges", hasSize(3))
                .extract().path("id");

        ws.given().when().get("/v1/agents?role=finance-agent").then().statusCode(200)
                .body("items.id", contains(id), "pagination.total", is(1));
        ws.given().when().get("/v1/agents?sort=name&order=asc").then().statusCode(200)
                .body("items.id", contains(workflowId, id));

        ws.given().contentType("application/json").body("{\"description\": \"now with a description\"}")
                .when().patch("/v1/agents/" + id).then().statusCode(200).body("version", is(2));
        ws.given().when().get("/v1/agents/" + id + "/versions").then().statusCode(200)
                .body("items.version", contains(2, 1));
        ws.given().when().get("/v1/agents/" + id + "/versions/1").then().statusCode(200)
                .body("version", is(1), "description", nullValue());
        ws.given().when().get("/v1/tools").then().statusCode(200).body("items.id", hasItem("calculator"));
    }

    @Test
    void anotherWorkspaceSeesNothing() {
        Platform.Workspace owner = Platform.newWorkspace();
        String id = owner.given().contentType("application/json").body("{\"name\": \"private\"}")
                .when().post("/v1/agents").then().statusCode(201).extract().path("id");
        Platform.Workspace stranger = Platform.newWorkspace();
        stranger.given().when().get("/v1/agents/" + id).then().statusCode(404)
                .contentType("application/problem+json").body("code", is("AGENT_NOT_FOUND"));
        stranger.given().when().get("/v1/agents/" + id + "/versions").then().statusCode(404);
        stranger.given().when().get("/v1/agents").then().statusCode(200).body("items", empty());
    }

    @Test
    void invalidWorkflowsAreExplainedWithPointers() {
        Platform.newWorkspace().given().contentType("application/json")
                .body("{\"name\": \"wf\", \"system_config\": {\"agents\": [{\"name\": \"a\"}],"
                        + " \"edges\": [{\"from\": \"a\", \"to\": \"ghost\"}], \"entry_point\": \"a\"}}")
                .when().post("/v1/agents/validate").then().statusCode(200)
                .body("valid", is(false), "errors[0].pointer", is("/system_config/edges/0/to"),
                        "errors[0].code", is("UNKNOWN_NODE"));
    }
}
