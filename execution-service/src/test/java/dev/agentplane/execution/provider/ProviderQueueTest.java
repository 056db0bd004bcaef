package dev.agentplane.execution.provider;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Provider-aware queueing: calls on a credential stay under the limit its provider's headers state, waiting in
 * the queue instead of failing; past the wait budget a run fails 429 PROVIDER_RATE_LIMITED with Retry-After;
 * another workspace's credential is not held up.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class ProviderQueueTest {
    @Inject
    Fakes fakes;
    @ConfigProperty(name = "test.wiremock.port")
    int port;

    /** A workspace whose credential's provider allows one request per {@code reset} (it says so on every answer). */
    private String limitedAgent(TestTokens.Workspace ws, String model, String reset) {
        return limitedAgent(ws, model, Map.of("x-ratelimit-limit-requests", "1", "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", reset));
    }

    /** A workspace whose credential's provider answers with these rate-limit headers. */
    private String limitedAgent(TestTokens.Workspace ws, String model, Map<String, String> headers) {
        ProviderCredentialsApiTest.create(ws, Map.of("provider", "openai_compatible", "name", "limited",
                "api_key", ProviderCredentialsApiTest.key(), "base_url", "http://127.0.0.1:" + port + "/v1")).statusCode(201);
        ResponseDefinitionBuilder answer = okJson("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,"
                + "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"in turn\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}");
        headers.forEach(answer::withHeader);
        fakes.wm().register(post(urlPathEqualTo("/v1/chat/completions")).atPriority(2)
                .withRequestBody(matchingJsonPath("$.model", equalTo(model))).willReturn(answer));
        return fakes.agent(ws, a -> a.putObject("llm_config").put("provider", "limited").put("model", model)
                .put("max_tokens", 20));
    }

    private static Response execute(TestTokens.Workspace ws, String agent, String message) {
        return given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", message))
                .post("/v1/agents/" + agent + "/execute");
    }

    @Test
    void aBurstWaitsItsTurnUnderTheProvidersLimitAndNoneFails() throws Exception {
        String model = "queued-" + Fakes.marker();
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        burstOfFourComesAResetApart(ws, model, limitedAgent(ws, model, "700ms"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("agentplane_provider_queue_wait_seconds_count{credential=\"prv_"))
                .body(containsString("agentplane_provider_queue_depth{credential=\"prv_"))
                .body(containsString("agentplane_provider_calls_total{credential=\"prv_"));
    }

    /**
     * The provider states a token limit only (50 a window, none left after a call; a call may use about 30: its prompt
     * and max_tokens 20): one call per window goes, though the request count is unlimited.
     */
    @Test
    void aTokenLimitKeepsCallsApartLikeARequestLimit() throws Exception {
        String model = "tokens-" + Fakes.marker();
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        burstOfFourComesAResetApart(ws, model, limitedAgent(ws, model, Map.of("x-ratelimit-limit-tokens", "50",
                "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "700ms")));
    }

    /** After a first call teaches the limit, four concurrent runs all complete, each a reset (700 ms) after the last. */
    private void burstOfFourComesAResetApart(TestTokens.Workspace ws, String model, String agent) throws Exception {
        execute(ws, agent, "learn the limit").then().statusCode(200);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(CompletableFuture.supplyAsync(() -> execute(ws, agent, "go").statusCode(), pool));
            }
            // the limit is known: each call waits for a reset of its own (well within the 20 s budget)
            for (CompletableFuture<Integer> run : runs) {
                assertEquals(200, run.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<LoggedRequest> calls = new ArrayList<>(fakes.wm().find(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))));
        assertEquals(5, calls.size(), "no 429, no retry: exactly one request per run");
        calls.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        for (int i = 1; i < calls.size(); i++) {
            long gap = calls.get(i).getLoggedDate().getTime() - calls.get(i - 1).getLoggedDate().getTime();
            assertTrue(gap >= 600, "the calls are a reset apart: " + gap + " ms");
        }
    }

    @Test
    void pastTheWaitBudgetTheRunFails429WithRetryAfterAndAnotherWorkspaceIsNotHeldUp() {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        String model = "closed-" + Fakes.marker();
        String agent = limitedAgent(ws, model, "1m");
        execute(ws, agent, "first").then().statusCode(200);
        long started = System.currentTimeMillis();
        execute(ws, agent, "second").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", matchesPattern("(5[0-9]|60)"))
                .body("code", is("PROVIDER_RATE_LIMITED"), "execution_id", notNullValue());
        assertTrue(System.currentTimeMillis() - started < 10_000, "a reset past the budget fails at once, not at its end (20 s)");

        TestTokens.Workspace other = TestTokens.newWorkspace();
        String theirs = limitedAgent(other, "open-" + Fakes.marker(), "1ms");
        long begun = System.currentTimeMillis();
        execute(other, theirs, "mine").then().statusCode(200);
        execute(other, theirs, "mine again").then().statusCode(200);
        assertTrue(System.currentTimeMillis() - begun < 5_000);
    }

    @Test
    void aTokenLimitThatResetsPastTheBudgetFails429WithRetryAfter() {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        String agent = limitedAgent(ws, "spent-" + Fakes.marker(), Map.of("x-ratelimit-limit-tokens", "1000",
                "x-ratelimit-remaining-tokens", "5", "x-ratelimit-reset-tokens", "1m30s"));
        execute(ws, agent, "first").then().statusCode(200);
        execute(ws, agent, "second").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", matchesPattern("(8[0-9]|90)"))
                .body("code", is("PROVIDER_RATE_LIMITED"), "detail", containsString("wait budget"));
    }
}
