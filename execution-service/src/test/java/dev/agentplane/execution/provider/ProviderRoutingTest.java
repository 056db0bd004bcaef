package dev.agentplane.execution.provider;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.Sse;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** An agent naming a workspace credential: its calls carry that key, another workspace's never do; fallbacks. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class ProviderRoutingTest {
    @Inject
    Fakes fakes;
    @ConfigProperty(name = "test.wiremock.port")
    int port;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private String credential(TestTokens.Workspace owner, String name, String key) {
        return ProviderCredentialsApiTest.create(owner, Map.of("provider", "openai_compatible", "name", name,
                "api_key", key, "base_url", "http://127.0.0.1:" + port + "/v1")).statusCode(201).extract().path("id");
    }

    private String agentOn(TestTokens.Workspace owner, String provider, String model) {
        return fakes.agent(owner, a -> a.putObject("llm_config").put("provider", provider).put("model", model)
                .put("max_tokens", 50));
    }

    private static String bearer(LoggedRequest request) {
        return request.getHeader("Authorization");
    }

    @Test
    void theAgentsCallsCarryTheWorkspacesKeyAndARotationShowsAtOnce() {
        String key = ProviderCredentialsApiTest.key();
        String id = credential(ws, "team-openai", key);
        String agent = agentOn(ws, "team-openai", "gpt-4o-mini");
        String marker = Fakes.marker();
        fakes.llm(marker, "with your key", 5, 3);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("output.text", is("with your key"), "steps[0].model", is("team-openai/gpt-4o-mini"));
        assertEquals(List.of("Bearer " + key), fakes.llmRequests(marker).stream().map(ProviderRoutingTest::bearer).toList());

        String rotated = ProviderCredentialsApiTest.key();
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("api_key", rotated))
                .patch("/v1/providers/" + id).then().statusCode(200);
        String next = Fakes.marker();
        fakes.llm(next, "rotated", 5, 3);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", next))
                .post("/v1/agents/" + agent + "/execute/stream").then().statusCode(200);
        assertEquals("Bearer " + rotated, bearer(fakes.llmRequests(next).get(0)));

        given().auth().oauth2(ws.token()).delete("/v1/providers/" + id).then().statusCode(204);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", Fakes.marker()))
                .post("/v1/agents/" + agent + "/execute").then().statusCode(422).body("code", is("PROVIDER_NOT_CONFIGURED"));
    }

    @Test
    void anotherWorkspaceNamingTheCredentialNeverGetsIt() {
        String key = ProviderCredentialsApiTest.key();
        credential(ws, "shared-name", key);
        TestTokens.Workspace other = TestTokens.newWorkspace();
        String theirs = agentOn(other, "shared-name", "gpt-4o-mini");
        String marker = Fakes.marker();
        fakes.llm(marker, "should not run", 5, 3);
        given().auth().oauth2(other.token()).contentType("application/json").body(Map.of("message", marker))
                .post("/v1/agents/" + theirs + "/execute").then().statusCode(422).body("code", is("PROVIDER_NOT_CONFIGURED"));
        String plain = fakes.agent(other);
        String second = Fakes.marker();
        fakes.llm(second, "operator key", 5, 3);
        given().auth().oauth2(other.token()).contentType("application/json").body(Map.of("message", second))
                .post("/v1/agents/" + plain + "/execute").then().statusCode(200);
        assertTrue(fakes.llmRequests(marker).isEmpty());
        fakes.llmRequests(second).forEach(r -> assertNotEquals("Bearer " + key, bearer(r)));
    }

    /**
     * A run answered on the workspace's own key pays no token prices (its provider bills them to the workspace),
     * only the rule's base cost (0 here); the same answer on the operator's key costs its 3 output tokens.
     */
    @Test
    void aRunOnTheWorkspacesOwnKeyIsNotChargedItsTokens() {
        credential(ws, "own-key", ProviderCredentialsApiTest.key());
        String own = agentOn(ws, "own-key", "gpt-4o-mini");
        String operator = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "priced", 5, 3);
        String id = given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .post("/v1/agents/" + own + "/execute").then().statusCode(200)
                .body("usage.output_tokens", is(3), "cost", is(0), "steps[0].cost", is(0)).extract().path("execution_id");
        given().auth().oauth2(ws.token()).get("/v1/executions/" + id).then().statusCode(200).body("cost", is(0));
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .post("/v1/agents/" + operator + "/execute").then().statusCode(200).body("cost", is(3));
    }

    /**
     * The hold is priced on the primary (an output token costs 1); the fallback's model has its own rule (base 3, an
     * input token 2, an output token 5): the run costs what the fallback's answer costs under that rule.
     */
    @Test
    void whenThePrimaryAnswers500TheFallbackAnswersAndTheStepsSaySoAndItsPriceIsCharged() {
        String key = ProviderCredentialsApiTest.key();
        credential(ws, "flaky", key);
        String fallbackModel = "cheap-" + Fakes.marker();
        fakes.wm().register(post(urlPathEqualTo("/internal/pricing/estimate")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.model", equalTo(fallbackModel)))
                .willReturn(okJson("{\"model\":\"" + fallbackModel + "\",\"amount\":3,\"breakdown\":[],\"rule\":{\"model\":\""
                        + fallbackModel + "\",\"base_cost\":3,\"input_token_price\":2,\"output_token_price\":5}}")));
        String agent = fakes.agent(ws, a -> {
            var llm = a.putObject("llm_config").put("provider", "flaky").put("model", "big-model").put("max_tokens", 50);
            llm.putArray("fallbacks").addObject().put("provider", "openai").put("model", fallbackModel);
        });
        String marker = Fakes.marker();
        fakes.wm().register(post(urlPathEqualTo("/v1/chat/completions")).atPriority(2)
                .withRequestBody(containing(marker)).withRequestBody(matchingJsonPath("$.model", equalTo("big-model")))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"down\",\"type\":\"server_error\"}}")));
        fakes.llm(marker, "fallback here", 5, 4);
        String id = given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("output.text", is("fallback here"), "cost", is(3 + 5 * 2 + 4 * 5), "usage.output_tokens", is(4),
                        "steps[0].model", is("openai/" + fallbackModel), "steps[0].cost", is(5 * 2 + 4 * 5),
                        "steps[0].fallbacks[0]", allOf(startsWith("flaky/big-model: "), containsString("500")))
                .extract().path("execution_id");
        given().auth().oauth2(ws.token()).get("/v1/executions/" + id).then().statusCode(200).body("cost", is(33));
        List<LoggedRequest> calls = fakes.llmRequests(marker);
        assertEquals(4, calls.size(), "3 attempts on the primary, then the fallback");
        assertEquals("Bearer " + key, bearer(calls.get(0)));
        assertNotEquals("Bearer " + key, bearer(calls.get(3)));
    }

    @Test
    void aStreamFallsBackBeforeItsFirstToken() {
        String agent = fakes.agent(ws, a -> {
            var llm = a.putObject("llm_config").put("provider", "openai").put("model", "gpt-4o").put("max_tokens", 50);
            llm.putArray("fallbacks").addObject().put("provider", "openai").put("model", "sim-1");
        });
        String marker = Fakes.marker();
        fakes.wm().register(post(urlPathEqualTo("/v1/chat/completions")).atPriority(2)
                .withRequestBody(containing(marker)).withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
                .willReturn(aResponse().withStatus(503)));
        fakes.llmStream(marker, List.of("from ", "the fallback"), 5, 2, 0);
        String body = given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .post("/v1/agents/" + agent + "/execute/stream").then().statusCode(200).extract().asString();
        Sse.Event last = Sse.parse(body).get(Sse.parse(body).size() - 1);
        assertEquals("final", last.type(), body);
        assertEquals("from the fallback", last.data().getString("output.text"));
    }

    @Test
    void aBadRequestDoesNotFallBack() {
        String agent = fakes.agent(ws, a -> {
            var llm = a.putObject("llm_config").put("provider", "openai").put("model", "gpt-4o").put("max_tokens", 50);
            llm.putArray("fallbacks").addObject().put("provider", "openai").put("model", "sim-1");
        });
        String marker = Fakes.marker();
        fakes.llmError(marker, 400);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .post("/v1/agents/" + agent + "/execute").then().statusCode(502).body("code", is("EXECUTION_FAILED"));
        assertEquals(1, fakes.llmRequests(marker).size());
    }
}
