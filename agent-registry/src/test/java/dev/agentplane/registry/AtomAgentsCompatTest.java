package dev.agentplane.registry;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;

/** Seed 002's agents API at /api/agents: envelope, shapes, codes and statuses as the seed documents them. */
@QuarkusTest
@WithTestResource(value = ExecutionServiceStub.class, scope = TestResourceScope.GLOBAL)
class AtomAgentsCompatTest {
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private RequestSpecification as(TestTokens.Workspace w) {
        return given().header("Authorization", "Bearer " + w.token()).contentType("application/json");
    }

    private String create(String body) {
        return as(ws).body(body).when().post("/api/agents").then().log().ifValidationFails().statusCode(201)
                .extract().path("data.agent.id");
    }

    /**
     * The tier's agent limit (billing's answer, stubbed at 2 while this workspace first asks): the third create is
     * 403 AGENT_LIMIT_EXCEEDED in seed 002's envelope and on /v1; a deleted agent frees its place.
     */
    @Test
    void theTiersAgentLimitRefusesOneAgentTooMany() {
        var limit = ExecutionServiceStub.server().stubFor(get(urlPathEqualTo("/internal/workspace/agent-limits"))
                .atPriority(1).willReturn(okJson("{\"workspace_id\":\"w\",\"tier\":\"free\",\"max_agents\":2}")));
        try {
            String first = create("{\"name\": \"One\", \"role\": \"general-assistant\", \"maturity_level\": \"student\"}");
            create("{\"name\": \"Two\", \"role\": \"general-assistant\", \"maturity_level\": \"student\"}");
            as(ws).body("{\"name\": \"Three\", \"role\": \"general-assistant\", \"maturity_level\": \"student\"}").when().post("/api/agents")
                    .then().statusCode(403).body("success", is(false), "error.code", is("AGENT_LIMIT_EXCEEDED"),
                            "error.message", containsString("(2)"));
            as(ws).body("{\"name\": \"Three\"}").when().post("/v1/agents").then().statusCode(403)
                    .contentType("application/problem+json").body("code", is("AGENT_LIMIT_EXCEEDED"));
            as(ws).when().delete("/api/agents/" + first).then().statusCode(200);
            create("{\"name\": \"Three\", \"role\": \"general-assistant\", \"maturity_level\": \"student\"}");
        } finally {
            ExecutionServiceStub.server().removeStub(limit);
        }
    }

    @Test
    void createAnswersTheSeedsAgentInTheEnvelope() {
        as(ws).header("X-Request-Id", "req-atom-1").body("""
                {"name": "Finance Assistant", "role": "finance-agent", "maturity_level": "intern",
                 "capabilities": ["analyze", "report", "forecast"]}""")
                .when().post("/api/agents").then().statusCode(201).contentType("application/json")
                .body("success", is(true), "data.agent.id", startsWith("agent_"),
                        "data.agent.name", is("Finance Assistant"), "data.agent.description", nullValue(),
                        "data.agent", hasKey("description"), "data.agent.role", is("finance-agent"),
                        "data.agent.maturity_level", is("intern"),
                        "data.agent.capabilities", contains("analyze", "report", "forecast"),
                        "data.agent.status", is("active"), "data.agent.created_at", matchesPattern(".+T.+Z"),
                        "data.agent.tenant_id", is(ws.tenantId()),
                        "meta.timestamp", matchesPattern(".+T.+Z"), "meta.request_id", is("req-atom-1"));
    }

    @Test
    void getShowsConfigurationStatisticsAndGraduation() {
        String id = create("""
                {"name": "Research Assistant", "description": "Helps with research tasks", "role": "general-assistant",
                 "maturity_level": "student", "capabilities": ["web_browsing", "search", "summarization"],
                 "configuration": {"temperature": 0.7, "max_tokens": 2000}}""");
        as(ws).when().get("/api/agents/" + id).then().statusCode(200)
                .body("success", is(true), "data.agent.id", is(id), "data.agent.role", is("general-assistant"),
                        "data.agent.capabilities", hasSize(3), "data.agent.configuration.temperature", is(0.7f),
                        "data.agent.configuration.max_tokens", is(2000),
                        "data.agent.statistics.total_executions", is(0),
                        "data.agent.statistics.successful_executions", is(0),
                        "data.agent.statistics", hasKey("success_rate"),
                        "data.agent.statistics", hasKey("avg_confidence"),
                        "data.agent.statistics", hasKey("last_execution"),
                        "data.agent.graduation.current_level", is("student"),
                        "data.agent.graduation.readiness_score", notNullValue(),
                        "data.agent.graduation.eligible_levels", empty(),
                        "data.agent.graduation.episodes_until_exam", is(10),
                        "data.agent.created_at", notNullValue(), "data.agent.updated_at", notNullValue(),
                        "meta.request_id", notNullValue());
    }

    @Test
    void listHasAgentsAndPagesAndFilters() {
        create("{\"name\": \"A\", \"role\": \"custom\", \"maturity_level\": \"student\"}");
        create("{\"name\": \"B\", \"role\": \"custom\", \"maturity_level\": \"student\"}");
        create("{\"name\": \"C\", \"role\": \"custom\", \"maturity_level\": \"intern\"}");
        as(ws).when().get("/api/agents?page=1&limit=1&maturity_level=student").then().statusCode(200)
                .body("success", is(true), "data.agents", hasSize(1),
                        "data.agents[0].keySet()", hasItems("id", "name", "description", "role", "maturity_level",
                                "status", "created_at", "updated_at"),
                        "data.agents[0].maturity_level", is("student"),
                        "data.pagination.page", is(1), "data.pagination.limit", is(1),
                        "data.pagination.total", is(2), "data.pagination.pages", is(2));
    }

    @Test
    void updateIsPartialAndRefusesRoleAndMaturity() {
        String id = create("""
                {"name": "Research Assistant", "role": "general-assistant", "maturity_level": "student",
                 "configuration": {"temperature": 0.7, "max_tokens": 2000}}""");
        as(ws).body("{\"name\": \"Senior Research Assistant\", \"configuration\": {\"temperature\": 0.8}}")
                .when().put("/api/agents/" + id).then().statusCode(200)
                .body("success", is(true), "data.agent.id", is(id), "data.agent.name", is("Senior Research Assistant"),
                        "data.agent.configuration.temperature", is(0.8f),
                        "data.agent.configuration.max_tokens", is(2000), "data.agent.updated_at", notNullValue());
        as(ws).body("{\"maturity_level\": \"autonomous\"}").when().put("/api/agents/" + id).then().statusCode(400)
                .body("success", is(false), "error.code", is("INVALID_INPUT"), "error.message", notNullValue());
        as(ws).body("{\"role\": \"finance-agent\"}").when().put("/api/agents/" + id).then().statusCode(400)
                .body("error.code", is("INVALID_INPUT"));
        as(ws).body("{\"capabilities\": " + manyCapabilities(51) + "}").when().put("/api/agents/" + id).then()
                .statusCode(400).body("error.code", is("INVALID_INPUT"));
    }

    @Test
    void validationErrorsUseSeedCodes() {
        as(ws).body("{\"role\": \"custom\", \"maturity_level\": \"student\"}").when().post("/api/agents").then()
                .statusCode(400).contentType("application/json")
                .body("success", is(false), "error.code", is("INVALID_INPUT"), "error.message", notNullValue(),
                        "meta.request_id", notNullValue());
        as(ws).body("{\"name\": \"x\", \"role\": \"pilot\", \"maturity_level\": \"student\"}").when()
                .post("/api/agents").then().statusCode(400).body("error.code", is("INVALID_INPUT"));
        as(ws).body("{\"name\": \"" + "n".repeat(101) + "\", \"role\": \"custom\", \"maturity_level\": \"student\"}")
                .when().post("/api/agents").then().statusCode(400).body("error.code", is("INVALID_INPUT"));
        as(ws).body("{not json").when().post("/api/agents").then().statusCode(400)
                .body("success", is(false), "error.code", is("INVALID_INPUT"));
    }

    @Test
    void unauthenticatedAndOtherWorkspacesAnswerInTheSeedsShape() {
        String id = create("{\"name\": \"Mine\", \"role\": \"custom\", \"maturity_level\": \"student\"}");
        given().when().get("/api/agents").then().statusCode(401)
                .body("success", is(false), "error.code", is("UNAUTHORIZED"));
        TestTokens.Workspace stranger = TestTokens.newWorkspace();
        as(stranger).when().get("/api/agents/" + id).then().statusCode(404)
                .body("success", is(false), "error.code", is("AGENT_NOT_FOUND"));
        as(stranger).body("{\"name\": \"x\"}").when().put("/api/agents/" + id).then().statusCode(404)
                .body("error.code", is("AGENT_NOT_FOUND"));
        as(stranger).when().delete("/api/agents/" + id).then().statusCode(404).body("error.code", is("AGENT_NOT_FOUND"));
        as(stranger).when().get("/api/agents/" + id + "/training").then().statusCode(404)
                .body("error.code", is("AGENT_NOT_FOUND"));
        as(stranger).when().get("/api/agents").then().statusCode(200).body("data.agents", empty());
    }

    @Test
    void deleteAnswersDeletedAndIs409WithActiveExecutions() {
        String id = create("{\"name\": \"Gone\", \"role\": \"custom\", \"maturity_level\": \"student\"}");
        as(ws).when().delete("/api/agents/" + id).then().statusCode(200)
                .body("success", is(true), "data.deleted", is(true), "data.agent_id", is(id));
        as(ws).when().get("/api/agents/" + id).then().statusCode(404).body("error.code", is("AGENT_NOT_FOUND"));
        String busy = create("{\"name\": \"Busy\", \"role\": \"custom\", \"maturity_level\": \"student\"}");
        ExecutionServiceStub.server().stubFor(get(urlPathEqualTo("/internal/executions/active"))
                .withQueryParam("agent_id", com.github.tomakehurst.wiremock.client.WireMock.equalTo(busy)).atPriority(1)
                .willReturn(okJson("{\"agent_id\":\"" + busy + "\",\"active\":1}")));
        as(ws).when().delete("/api/agents/" + busy).then().statusCode(409)
                .body("success", is(false), "error.code", is("AGENT_BUSY"));
    }

    @Test
    void trainingIsComputedFromRecordedExecutions() {
        String id = create("{\"name\": \"Learner\", \"role\": \"custom\", \"maturity_level\": \"student\"}");
        as(ws).when().get("/api/agents/" + id + "/training").then().statusCode(200)
                .body("success", is(true), "data.agent_id", is(id),
                        "data.learning_statistics.total_experiences", is(0), "data.patterns_detected", empty(),
                        "data.adaptations_available", empty(), "data.graduation_readiness.current_level", is("student"),
                        "data.graduation_readiness.episodes_until_exam", is(10));
        String last = null;
        for (int i = 0; i < 10; i++) {
            last = UUID.randomUUID().toString();
            String data = """
                    {"agent_id":"%s","agent_version":1,"execution_id":"exec_%s","session_id":null,"status":"completed",
                     "usage":{"input_tokens":10,"output_tokens":5,"total_tokens":15},"cost":120,"latency_ms":200,
                     "error":null}""".formatted(id, last);
            KafkaSupport.send(kafka, org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("agentplane.topic-prefix", String.class) + "execution.events", id,
                    KafkaSupport.envelope(last, "agent.executed", ws.workspaceId(), "exec_" + last, data));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(ws).when().get("/api/agents/" + id + "/training")
                .then().body("data.learning_statistics.total_experiences", is(10)));
        as(ws).when().get("/api/agents/" + id + "/training").then().statusCode(200)
                .body("data.learning_statistics.successful_experiences", is(10),
                        "data.learning_statistics.success_rate", is(1.0f),
                        "data.learning_statistics", hasKey("avg_confidence"),
                        "data.patterns_detected[0].pattern", is("completed executions"),
                        "data.patterns_detected[0].success_rate", is(1.0f),
                        "data.patterns_detected[0].sample_size", is(10),
                        "data.adaptations_available[0].id", is("adapt_promote_intern"),
                        "data.adaptations_available[0].type", is("promote_maturity"),
                        "data.graduation_readiness.eligible_levels", contains("intern"),
                        "data.graduation_readiness.readiness_score", is(1.0f),
                        "data.graduation_readiness.episodes_until_exam", is(0));
        as(ws).when().get("/api/agents/" + id).then()
                .body("data.agent.statistics.total_executions", is(10), "data.agent.statistics.success_rate", is(1.0f),
                        "data.agent.statistics.last_execution", notNullValue());
    }

    private static String manyCapabilities(int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"c").append(i).append('"');
        }
        return b.append(']').toString();
    }
}
