package dev.agentplane.e2e;

import dev.agentplane.e2e.support.Platform;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Workspace provider credentials through the gateway, with the simulator as the provider: an agent naming its
 * workspace's credential calls with that key (the simulator says which key it saw), another workspace's calls
 * never carry it, the key is in no answer, event stream or log; a provider that fails hands over to the fallback.
 */
class ProvidersE2ETest {
    private static final String SIMULATOR = "http://127.0.0.1:8190";

    private static String key(String kind) {
        return "sk-e2e-" + kind + UUID.randomUUID().toString().replace("-", "");
    }

    private static Response register(Platform.Workspace ws, String name, String key) {
        return ws.given().contentType(ContentType.JSON).body(Map.of("provider", "openai_compatible", "name", name,
                "api_key", key, "base_url", SIMULATOR + "/v1")).when().post("/v1/providers");
    }

    private static String agentOn(Platform.Workspace ws, Map<String, Object> llmConfig) {
        String id = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        ws.given().contentType(ContentType.JSON).body(Map.of("id", id, "name", "Agent " + id,
                "system_prompt", "You help.", "llm_config", llmConfig)).when().post("/v1/agents").then().statusCode(201);
        return id;
    }

    private static List<String> keysSeen(String marker) {
        return RestAssured.given().baseUri(SIMULATOR).get("/sim/requests?contains=" + marker).then().statusCode(200)
                .extract().jsonPath().getList("requests.key", String.class);
    }

    @Test
    void theWorkspacesKeyCarriesItsAgentsCallsAndNobodyElses() throws IOException {
        Platform.Workspace ws = Platform.newWorkspace();
        String key = key("own-");
        Response created = register(ws, "team-sim", key);
        created.then().statusCode(201).body("id", startsWith("prv_"), "key_hint", is("sk-…" + key.substring(key.length() - 4)),
                "api_key", nullValue());
        String id = created.path("id");
        String agent = agentOn(ws, Map.of("provider", "team-sim", "model", "sim-1", "max_tokens", 50));
        String marker = "m" + UUID.randomUUID().toString().replace("-", "");
        Response run = ws.given().contentType(ContentType.JSON).body(Map.of("message", marker + " [sim:reply=own key]"))
                .post("/v1/agents/" + agent + "/execute");
        run.then().statusCode(200).body("output.text", is("own key"), "steps[0].model", is("team-sim/sim-1"));
        assertEquals(List.of(key), keysSeen(marker));

        Platform.Workspace other = Platform.newWorkspace();
        other.given().get("/v1/providers/" + id).then().statusCode(404).body("code", is("PROVIDER_CREDENTIAL_NOT_FOUND"));
        other.given().get("/v1/providers").then().statusCode(200).body("items", hasSize(0));
        other.given().contentType(ContentType.JSON).body(Map.of("name", "x", "system_prompt", "You help.",
                        "llm_config", Map.of("provider", "team-sim", "model", "sim-1")))
                .post("/v1/agents").then().statusCode(400).body(containsString("UNKNOWN_PROVIDER"));
        String theirs = other.newAgent("You help.", 50);
        String second = "m" + UUID.randomUUID().toString().replace("-", "");
        other.given().contentType(ContentType.JSON).body(Map.of("message", second)).post("/v1/agents/" + theirs + "/execute")
                .then().statusCode(200);
        assertFalse(keysSeen(second).isEmpty());
        assertFalse(keysSeen(second).contains(key), "another workspace's call never carries the key");

        String events = ws.given().accept("text/event-stream").get("/v1/executions/" + run.path("execution_id") + "/events")
                .then().statusCode(200).extract().asString();
        String steps = ws.given().get("/v1/executions/" + run.path("execution_id")).then().statusCode(200).extract().asString();
        String listed = ws.given().get("/v1/providers").then().statusCode(200).extract().asString();
        for (String answer : List.of(created.asString(), run.asString(), events, steps, listed)) {
            assertFalse(answer.contains(key.substring(7, key.length() - 4)), "the key is in no answer or event");
        }
        try (Stream<Path> logs = Files.list(Platform.runDir().resolve("logs"))) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                assertFalse(Files.readString(log).contains(key.substring(7)), "the key is in no log line: " + log);
            }
        }
    }

    private static long price(Platform.Workspace ws, String model, int in, int out) {
        return ws.given().contentType(ContentType.JSON).body(Map.of("model", model, "input_tokens", in,
                "output_tokens", out)).post("/v1/pricing/estimate").then().statusCode(200).extract().jsonPath().getLong("amount");
    }

    @Test
    void whenThePrimaryAnswers500TheFallbackAnswersTheStepsSaySoAndTheCostIsTheFallbacks() {
        Platform.Workspace ws = Platform.newWorkspace();
        // the simulator fails every request of a key named status500 (the account's provider is down)
        register(ws, "down", key("status500-")).then().statusCode(201);
        String agent = agentOn(ws, Map.of("provider", "down", "model", "sim-large", "max_tokens", 50,
                "fallbacks", List.of(Map.of("provider", "openai", "model", "sim-1"))));
        String marker = "m" + UUID.randomUUID().toString().replace("-", "");
        Response run = ws.given().contentType(ContentType.JSON).body(Map.of("message", marker + " [sim:reply=the fallback answered]"))
                .post("/v1/agents/" + agent + "/execute");
        run.then().statusCode(200)
                .body("output.text", is("the fallback answered"), "usage.output_tokens", is(3),
                        "steps[0].model", is("openai/sim-1"),
                        "steps[0].fallbacks[0]", allOf(startsWith("down/sim-large: "), containsString("500")));
        List<Map<String, Object>> seen = RestAssured.given().baseUri(SIMULATOR).get("/sim/requests?contains=" + marker)
                .then().extract().jsonPath().getList("requests");
        assertEquals(List.of("sim-large", "sim-large", "sim-large", "sim-1"),
                seen.stream().map(s -> s.get("model")).toList());
        // priced on sim-1's rule, not on sim-large's (the default rule) that the hold was priced on
        int in = run.path("usage.input_tokens");
        long fallbacks = price(ws, "sim-1", in, 3);
        assertNotEquals(fallbacks, price(ws, "sim-large", in, 3));
        assertEquals(fallbacks, ((Number) run.path("cost")).longValue());
        ws.given().get("/v1/executions/" + run.path("execution_id")).then().statusCode(200)
                .body("cost", is((int) fallbacks));
    }

    /**
     * The e2e platform withholds the operator's provider from tier solo (bin/test): a solo workspace's agent on it is
     * refused before any model call, one on the workspace's own credential runs on its key.
     */
    @Test
    void aWorkspaceOnATierWithoutTheOperatorsProviderBringsItsOwn() {
        Platform.Workspace solo = Platform.newWorkspace("solo", 100_000_000L);
        String onOperator = solo.newAgent("You help.", 20);
        String marker = "m" + UUID.randomUUID().toString().replace("-", "");
        solo.given().contentType(ContentType.JSON).body(Map.of("message", marker)).post("/v1/agents/" + onOperator + "/execute")
                .then().statusCode(422).contentType("application/problem+json")
                .body("code", is("PROVIDER_CREDENTIAL_REQUIRED"), "detail", containsString("POST /v1/providers"));
        assertTrue(keysSeen(marker).isEmpty(), "no model call was made");
        String key = key("solo-");
        register(solo, "own", key).then().statusCode(201);
        String onOwn = agentOn(solo, Map.of("provider", "own", "model", "sim-1", "max_tokens", 20));
        solo.given().contentType(ContentType.JSON).body(Map.of("message", marker + " [sim:reply=on my key]"))
                .post("/v1/agents/" + onOwn + "/execute").then().statusCode(200).body("output.text", is("on my key"));
        assertEquals(List.of(key), keysSeen(marker));
    }

    /**
     * A key whose window (120 s) resets past the sync wait budget (30 s): the second run fails at once, 429
     * PROVIDER_RATE_LIMITED with a Retry-After of the reset, through the gateway.
     */
    @Test
    void pastTheWaitBudgetASyncRunFails429WithRetryAfter() {
        Platform.Workspace ws = Platform.newWorkspace();
        register(ws, "tight", key("rpm1-window120s-")).then().statusCode(201);
        String agent = agentOn(ws, Map.of("provider", "tight", "model", "sim-1", "max_tokens", 20));
        ws.given().contentType(ContentType.JSON).body(Map.of("message", "first")).post("/v1/agents/" + agent + "/execute")
                .then().statusCode(200);
        long started = System.currentTimeMillis();
        String id = ws.given().contentType(ContentType.JSON).body(Map.of("message", "second"))
                .post("/v1/agents/" + agent + "/execute").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", matchesPattern("1[01][0-9]|120"))
                .body("code", is("PROVIDER_RATE_LIMITED"), "detail", containsString("wait budget"))
                .extract().path("execution_id");
        assertTrue(System.currentTimeMillis() - started < 10_000, "it fails at once, not at the budget's end");
        ws.given().get("/v1/executions/" + id).then().statusCode(200)
                .body("status", is("failed"), "error.code", is("PROVIDER_RATE_LIMITED"));
    }

    /**
     * The simulator lets a key named rpm3 make 3 requests per window (10 s on the e2e platform): a burst of 5 sync
     * and 10 async runs on it all complete — the sync ones within their 30 s budget, the async ones later — while
     * another workspace's run on its own key answers at once.
     */
    @Test
    void aBurstOfFiveTimesTheRequestLimitCompletesWithoutFailuresAndDoesNotSlowAnotherWorkspace() throws Exception {
        burstOfFifteenCompletes(key("rpm3-"));
    }

    /**
     * The same with a token limit: a key named tpm150 may use 150 tokens a window (a run's call counts about 35: its
     * prompt's characters over four and max_tokens 20), about 3 calls of a window (N), no request limit.
     */
    @Test
    void aBurstOfFiveTimesTheTokenLimitCompletesWithoutFailuresAndDoesNotSlowAnotherWorkspace() throws Exception {
        burstOfFifteenCompletes(key("tpm150-"));
    }

    private static void burstOfFifteenCompletes(String limitedKey) throws Exception {
        Platform.Workspace ws = Platform.newWorkspace();
        register(ws, "limited", limitedKey).then().statusCode(201);
        String agent = agentOn(ws, Map.of("provider", "limited", "model", "sim-1", "max_tokens", 20));
        Platform.Workspace other = Platform.newWorkspace();
        register(other, "own", key("free-")).then().statusCode(201);
        String theirs = agentOn(other, Map.of("provider", "own", "model", "sim-1", "max_tokens", 20));
        String marker = "m" + UUID.randomUUID().toString().replace("-", "");
        Map<String, Object> body = Map.of("message", marker + " [sim:reply=in turn]");
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<CompletableFuture<Response>> sync = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sync.add(CompletableFuture.supplyAsync(() -> ws.given().contentType(ContentType.JSON).body(body)
                        .post("/v1/agents/" + agent + "/execute"), pool));
            }
            List<String> async = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                async.add(ws.given().contentType(ContentType.JSON).body(Map.of("message", marker + " [sim:reply=in turn]",
                        "mode", "async")).post("/v1/agents/" + agent + "/execute").then().statusCode(202)
                        .extract().path("execution_id"));
            }
            long started = System.currentTimeMillis();
            other.given().contentType(ContentType.JSON).body(Map.of("message", "not queued [sim:reply=at once]"))
                    .post("/v1/agents/" + theirs + "/execute").then().statusCode(200).body("output.text", is("at once"));
            long otherTook = System.currentTimeMillis() - started;
            for (CompletableFuture<Response> run : sync) {
                run.get(60, TimeUnit.SECONDS).then().statusCode(200).body("status", is("completed"), "output.text", is("in turn"));
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).until(() -> async.stream()
                    .allMatch(id -> "completed".equals(ws.given().get("/v1/executions/" + id).then().extract().path("status"))));
            assertTrue(otherTook < 5_000, "the other workspace waited " + otherTook + " ms");
        } finally {
            pool.shutdownNow();
        }
        List<Integer> statuses = RestAssured.given().baseUri(SIMULATOR).get("/sim/requests?contains=" + marker).then()
                .extract().jsonPath().getList("requests.status", Integer.class);
        assertEquals(15, statuses.stream().filter(s -> s == 200).count(), "every run answered once: " + statuses);
    }
}
