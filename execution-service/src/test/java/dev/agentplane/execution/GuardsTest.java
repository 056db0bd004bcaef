package dev.agentplane.execution;

import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Idempotency-Key and one execution per session. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class GuardsTest {
    @Inject
    Fakes fakes;
    @Inject
    dev.agentplane.execution.guard.IdempotencyGuard idempotency;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void aRepeatedKeyAnswers409WithTheOriginalAndADifferentBody422() {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "once", 2, 2);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("message", "pay " + marker);
        String id = execute(agent, key, body).then().statusCode(200).extract().path("execution_id");
        execute(agent, key, body).then().statusCode(409).contentType("application/problem+json")
                .body("code", is("IDEMPOTENCY_CONFLICT"), "execution_id", is(id), "poll_url", is("/v1/executions/" + id));
        execute(agent, key, Map.of("message", "something else")).then().statusCode(422)
                .body("code", is("IDEMPOTENCY_KEY_REUSED"));
        assertEquals(1, fakes.llmRequests(marker).size(), "ran once");
        // keys are per workspace: another workspace may use the same key
        TestTokens.Workspace other = TestTokens.newWorkspace();
        String otherAgent = fakes.agent(other);
        given().auth().oauth2(other.token()).contentType("application/json").header("Idempotency-Key", key)
                .body(body).when().post("/v1/agents/" + otherAgent + "/execute").then().statusCode(200);
    }

    /**
     * The claim is retried across a Redis restart: when the first SET was applied but its reply was lost, the retry
     * finds its own claim, which is no conflict; another execution's claim still is.
     */
    @Test
    void aClaimRetriedAfterALostReplyFindsItselfAndIsNoConflict() {
        String key = UUID.randomUUID().toString();
        String fingerprint = dev.agentplane.execution.guard.IdempotencyGuard.fingerprint("POST", "/v1/agents/a/execute", "{}");
        idempotency.claim(ws.workspaceId(), key, fingerprint, "exec-1");
        assertDoesNotThrow(() -> idempotency.claim(ws.workspaceId(), key, fingerprint, "exec-1"));
        dev.agentplane.kit.error.ApiException conflict = assertThrows(dev.agentplane.kit.error.ApiException.class,
                () -> idempotency.claim(ws.workspaceId(), key, fingerprint, "exec-2"));
        assertEquals(409, conflict.status());
    }

    @Test
    void concurrentRequestsWithOneKeyRunExactlyOnce() throws Exception {
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llmSlow(marker, "once", 2, 2, 200);
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<CompletableFuture<Integer>> calls = IntStream.range(0, 20).mapToObj(i -> CompletableFuture.supplyAsync(
                    () -> execute(agent, key, Map.of("message", "pay " + marker)).statusCode(), pool)).toList();
            List<Integer> statuses = calls.stream().map(CompletableFuture::join).toList();
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(19, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
            assertEquals(1, fakes.llmRequests(marker).size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRefusedRequestFreesItsKey() {
        String key = UUID.randomUUID().toString();
        execute("no-such-agent", key, Map.of("message", "x")).then().statusCode(404);
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "ok", 1, 1);
        execute(agent, key, Map.of("message", "x " + marker)).then().statusCode(200);
        execute(agent, "bad key with spaces", Map.of("message", "x")).then().statusCode(400);
    }

    @Test
    void aSecondExecutionInABusySessionIs409UnlessItEnqueues() {
        String agent = fakes.agent(ws);
        String session = fakes.session(ws, agent, null);
        String slow = Fakes.marker();
        String second = Fakes.marker();
        String queued = Fakes.marker();
        fakes.llmSlow(slow, "slow answer", 3, 3, 2_000);
        fakes.llm(second, "never", 1, 1);
        fakes.llm(queued, "after you", 1, 1);
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> given().auth().oauth2(ws.token())
                .contentType("application/json").body(Map.of("message", slow))
                .when().post("/v1/sessions/" + session + "/execute"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !fakes.llmRequests(slow).isEmpty());

        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", second))
                .when().post("/v1/sessions/" + session + "/execute").then().statusCode(409)
                .body("code", is("SESSION_BUSY"), "active_execution_id", notNullValue());
        assertEquals(0, fakes.llmRequests(second).size());
        // to another workspace the session id is unknown, not busy: its lock never names this one's execution
        TestTokens.Workspace other = TestTokens.newWorkspace();
        given().auth().oauth2(other.token()).contentType("application/json").body(Map.of("message", second))
                .when().post("/v1/sessions/" + session + "/execute").then().statusCode(404)
                .body("code", is("SESSION_NOT_FOUND"));

        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", queued, "multitask_strategy", "enqueue"))
                .when().post("/v1/sessions/" + session + "/execute").then().statusCode(200)
                .body("output.text", is("after you"));
        first.join().then().statusCode(200).body("output.text", is("slow answer"));
        assertTrue(fakes.llmRequests(queued).get(0).getLoggedDate().after(fakes.llmRequests(slow).get(0).getLoggedDate()));
    }

    private Response execute(String agent, String key, Map<String, Object> body) {
        return given().auth().oauth2(ws.token()).contentType("application/json").header("Idempotency-Key", key)
                .body(body).when().post("/v1/agents/" + agent + "/execute");
    }
}
