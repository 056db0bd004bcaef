package dev.agentplane.execution;

import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.Sse;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Provider behaviour at the wire: retries, failures and refunds, structured output, another provider. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class ProvidersTest {
    @Inject
    Fakes fakes;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void aRateLimitedCallIsRetriedThenSucceeds() {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llmFailOnce(marker, 429, "second time lucky", 4, 3);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("status", is("completed"), "output.text", is("second time lucky"), "cost", is(3));
        assertEquals(2, fakes.llmRequests(marker).size());
    }

    @Test
    void aFailingProviderFailsTheExecutionAndRefundsEverything() {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llmError(marker, 500);
        String id = given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(502)
                .contentType("application/problem+json")
                .body("code", is("EXECUTION_FAILED"), "status", is("failed"), "detail", containsString("500"))
                .extract().path("execution_id");
        assertEquals(3, fakes.llmRequests(marker).size(), "tried max-attempts times");
        fakes.wm().verifyThat(postRequestedFor(urlPathEqualTo("/internal/credits/reservations/" + id + "/release")));
        assertEquals(0, fakes.requests(postRequestedFor(urlPathEqualTo("/internal/credits/reservations/" + id + "/capture"))).size());
        given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id).then().statusCode(200)
                .body("status", is("failed"), "error.code", is("EXECUTION_FAILED"), "cost", is(0));
    }

    @Test
    void aBadRequestToTheProviderIsNotRetried() {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llmError(marker, 400);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(502).body("code", is("EXECUTION_FAILED"));
        assertEquals(1, fakes.llmRequests(marker).size());
    }

    @Test
    void structuredOutputAsksForTheSchemaAndParsesTheAnswer() {
        String agent = fakes.agent(ws, a -> a.putObject("structured_output").put("enabled", true)
                .putObject("schema").put("type", "object").putObject("properties")
                .putObject("amount").put("type", "integer"));
        String marker = Fakes.marker();
        fakes.llm(marker, "{\"amount\":2450}", 5, 4);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("output.text", is("{\"amount\":2450}"), "output.parsed_output.amount", is(2450));
        String request = fakes.llmRequests(marker).get(0).getBodyAsString();
        assertTrue(request.contains("json_schema") && request.contains("amount"), request);
    }

    @Test
    void theRegistrysShortSchemaFormBecomesAJsonSchema() {
        String agent = fakes.agent(ws, a -> a.putObject("structured_output").put("enabled", true)
                .putObject("schema").putObject("approved").put("type", "boolean").put("description", "ok?"));
        String marker = Fakes.marker();
        fakes.llm(marker, "{\"approved\":true}", 5, 4);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("output.parsed_output.approved", is(true));
        String request = fakes.llmRequests(marker).get(0).getBodyAsString().replaceAll("\\s", "");
        assertTrue(request.contains("\"required\":[\"approved\"]") && request.contains("\"type\":\"object\""), request);
    }

    @Test
    void anOllamaAgentIsServedByTheOllamaProvider() {
        String agent = fakes.agent(ws, a -> a.putObject("llm_config").put("provider", "ollama").put("model", "llama3")
                .put("max_tokens", 50));
        String marker = Fakes.marker();
        fakes.wm().register(post(urlPathEqualTo("/api/chat")).withRequestBody(containing(marker))
                .willReturn(okJson("{\"model\":\"llama3\",\"created_at\":\"2026-01-01T00:00:00Z\","
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"from ollama\"},\"done\":true,"
                        + "\"prompt_eval_count\":6,\"eval_count\":2}")));
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("output.text", is("from ollama"), "usage.input_tokens", is(6), "usage.output_tokens", is(2));
    }

    @Test
    void anAnthropicAgentIsServedOverTheMessagesApi() {
        String agent = fakes.agent(ws, a -> a.putObject("llm_config").put("provider", "anthropic")
                .put("model", "claude-sonnet-4-0").put("max_tokens", 64));
        String marker = Fakes.marker();
        fakes.wm().register(post(urlPathEqualTo("/v1/messages")).withRequestBody(containing(marker))
                .withHeader("x-api-key", equalTo("sk-ant-test")).withHeader("anthropic-version", matching(".+"))
                .willReturn(okJson("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"model\":\"claude-sonnet-4-0\",\"content\":[{\"type\":\"text\",\"text\":\"from claude\"}],"
                        + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":9,\"output_tokens\":3}}")));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", marker, "variables", Map.of("persona", "a poet")))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("output.text", is("from claude"), "usage.input_tokens", is(9), "usage.output_tokens", is(3),
                        "cost", is(3));
        fakes.wm().verifyThat(postRequestedFor(urlPathEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-sonnet-4-0")))
                .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("64")))
                .withRequestBody(matchingJsonPath("$.system[0].text", equalTo("You are a poet.")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("user"))));
    }

    @Test
    void anAnthropicStreamIsRelayedChunkByChunk() {
        String agent = fakes.agent(ws, a -> a.putObject("llm_config").put("provider", "anthropic")
                .put("model", "claude-sonnet-4-0").put("max_tokens", 64));
        String marker = Fakes.marker();
        String sse = String.join("\n\n",
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_3\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-0\",\"content\":[],\"stop_reason\":null,"
                        + "\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\" from claude\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                        + "\"usage\":{\"output_tokens\":3}}",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}") + "\n\n";
        fakes.wm().register(post(urlPathEqualTo("/v1/messages")).withRequestBody(containing(marker))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(sse)));
        String body = given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .when().post("/v1/agents/" + agent + "/execute/stream").then().statusCode(200).extract().asString();
        List<Sse.Event> events = Sse.parse(body);
        assertEquals(List.of("Hello", " from claude"), events.stream().filter(e -> e.type().equals("text"))
                .map(e -> e.data().getString("text")).toList());
        Sse.Event last = events.get(events.size() - 1);
        assertEquals("final", last.type());
        assertEquals("Hello from claude", last.data().getString("output.text"));
        assertEquals(3, last.data().getInt("usage.output_tokens"));
    }

    @Test
    void anAnthropicRateLimitIsRetried() {
        String agent = fakes.agent(ws, a -> a.putObject("llm_config").put("provider", "anthropic")
                .put("model", "claude-sonnet-4-0").put("max_tokens", 64));
        String marker = Fakes.marker();
        String scenario = "anthropic-" + marker;
        fakes.wm().register(post(urlPathEqualTo("/v1/messages")).withRequestBody(containing(marker))
                .inScenario(scenario).whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}"))
                .willSetStateTo("answered"));
        fakes.wm().register(post(urlPathEqualTo("/v1/messages")).withRequestBody(containing(marker))
                .inScenario(scenario).whenScenarioStateIs("answered")
                .willReturn(okJson("{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"model\":\"claude-sonnet-4-0\",\"content\":[{\"type\":\"text\",\"text\":\"patience\"}],"
                        + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}")));
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200).body("output.text", is("patience"));
    }

    @Test
    void anAgentOnAnUnconfiguredProviderIs422() {
        String agent = fakes.agent(ws, a -> a.putObject("llm_config").put("provider", "nowhere").put("model", "x"));
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", "hi"))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(422)
                .body("code", is("PROVIDER_NOT_CONFIGURED"));
    }
}
