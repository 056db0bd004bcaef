package dev.agentplane.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.e2e.support.Platform;
import dev.agentplane.e2e.support.Sse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Executions through the gateway against the simulator: sync, sessions, streams, async, guards, money. */
class ExecutionE2ETest {

    private static String newAgent(Platform.Workspace ws) {
        return ws.newAgent("You help {{ variables.who }}.", 200);
    }

    private static Response execute(Platform.Workspace ws, String path, Object body) {
        return ws.given().contentType("application/json").body(body).when().post(path);
    }

    @Test
    void statelessExecuteAnswersWithUsageCostAndCredits() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = newAgent(ws);
        long before = ((Number) ws.given().get("/v1/credits").then().statusCode(200).extract().path("balance")).longValue();
        Response run = execute(ws, "/v1/agents/" + agent + "/execute", Map.of("message", "hi [sim:reply=Hello from the sim]"));
        // where the run's time went, through the gateway (the phases are in execution-service's README)
        run.then().statusCode(200).header("X-Credits-Remaining", notNullValue())
                .header("Server-Timing", matchesPattern("prepare;dur=[0-9.]+, llm;dur=[0-9.]+, complete;dur=[0-9.]+, total;dur=[0-9.]+"))
                .body("status", is("completed"), "output.text", is("Hello from the sim"),
                        "usage.output_tokens", is(4), "cost", greaterThan(0), "metadata.execution_id", notNullValue());
        long cost = ((Number) run.path("cost")).longValue();
        String id = run.path("execution_id");
        // the answer's cost is what billing charges, once agent.executed reaches it; the remaining credits
        // the answer named are the balance then
        await().atMost(Duration.ofSeconds(20)).until(() -> ((Number) ws.given().get("/v1/credits").then()
                .extract().path("balance")).longValue() == before - cost);
        ws.given().get("/v1/credits").then().body("reserved", is(0));
        assertEquals(String.valueOf(before - cost), run.header("X-Credits-Remaining"));
        ws.given().get("/v1/credits/ledger?execution_id=" + id + "&order=asc").then()
                .body("items.kind", contains("reserve", "capture"), "items[1].amount", is((Object) Math.toIntExact(-cost)));
    }

    @Test
    void executionsOnACreditLeaseAreChargedWhatTheyCostAndNothingStaysReserved() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = newAgent(ws);
        long before = ((Number) ws.given().get("/v1/credits").then().statusCode(200).extract().path("balance")).longValue();
        long costs = 0;
        List<String> ids = new ArrayList<>();
        // the first run is held on its own and tells execution-service the pricing rule; the others draw
        // their holds from a lease billing reserved for them
        for (int i = 0; i < 4; i++) {
            Response run = execute(ws, "/v1/agents/" + agent + "/execute", Map.of("message", "run " + i));
            run.then().statusCode(200).body("cost", greaterThan(0));
            costs += ((Number) run.path("cost")).longValue();
            ids.add(run.path("execution_id"));
        }
        long charged = costs;
        // settled from agent.executed; the lease's undrawn rest is freed when it is closed (draw-for)
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            var credits = ws.given().get("/v1/credits").then().extract();
            return ((Number) credits.path("balance")).longValue() == before - charged
                    && ((Number) credits.path("reserved")).longValue() == 0;
        });
        ws.given().get("/v1/credits/ledger?execution_id=" + ids.get(2) + "&order=asc").then()
                .body("items.kind", contains("capture"));
        ws.given().get("/v1/credits/ledger?order=asc&limit=100").then()
                .body("items.kind", hasItems("lease", "lease-release"));
    }

    @Test
    void aSessionRemembersTheEarlierTurn() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = newAgent(ws);
        String session = ws.given().contentType("application/json").body(Map.of("agent_id", agent))
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
        execute(ws, "/v1/sessions/" + session + "/execute", Map.of("message", "My name is Ann")).then().statusCode(200);
        execute(ws, "/v1/sessions/" + session + "/execute", Map.of("message", "Who am I? [sim:recall]"))
                .then().statusCode(200).body("output.text", containsString("My name is Ann"));
        // the third turn's context comes from execution-service's cache, extended by the turns it ran
        execute(ws, "/v1/sessions/" + session + "/execute", Map.of("message", "And now? [sim:recall]"))
                .then().statusCode(200).body("output.text", is("Earlier you said: My name is Ann | Who am I?"));
        // the answers did not wait for the appends: the session has all three turns a moment later
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> ws.given().when()
                .get("/v1/sessions/" + session + "/messages").then().statusCode(200).body("items", hasSize(6)));
        // a change in session-service (here a delete) bumps the revision: no turn runs on the cached context
        ws.given().when().delete("/v1/sessions/" + session).then().statusCode(204);
        execute(ws, "/v1/sessions/" + session + "/execute", Map.of("message", "Still there?"))
                .then().statusCode(404).body("code", is("SESSION_NOT_FOUND"));
    }

    @Test
    void aStreamIsReadToTheEndAndResumedAfterADrop() throws Exception {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = newAgent(ws);
        List<JsonNode> whole = Sse.parse(execute(ws, "/v1/agents/" + agent + "/execute/stream",
                Map.of("message", "go [sim:tokens=6]")).then().statusCode(200).extract().asString());
        assertEquals("start", whole.get(0).path("type").asText());
        assertEquals(6, whole.stream().filter(e -> e.path("type").asText().equals("text")).count());
        assertEquals("final", whole.get(whole.size() - 1).path("type").asText());

        HttpRequest request = HttpRequest.newBuilder(URI.create(Platform.url() + "/v1/agents/" + agent + "/execute/stream"))
                .header("X-API-Key", ws.apiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"slow [sim:tokens=20] [sim:interval=50ms]\"}")).build();
        List<String> lines = new ArrayList<>();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> body = response.body()) {
            Iterator<String> it = body.iterator();
            int events = 0;
            while (events < 3 && it.hasNext()) {
                String line = it.next();
                lines.add(line);
                if (line.startsWith("data:")) {
                    events++;
                }
            }
        }
        List<JsonNode> first = Sse.parse(String.join("\n", lines) + "\n\n");
        assertEquals(3, first.size());
        String id = first.get(0).path("execution_id").asText();
        List<JsonNode> rest = Sse.parse(ws.given().header("Last-Event-ID", "3").when().get("/v1/executions/" + id + "/events")
                .then().statusCode(200).extract().asString());
        List<JsonNode> all = new ArrayList<>(first);
        all.addAll(rest.stream().filter(e -> !e.path("type").asText().equals("heartbeat")).toList());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).path("seq").asInt(), "nothing missed or repeated");
        }
        assertEquals("final", all.get(all.size() - 1).path("type").asText());
    }

    @Test
    void asyncExecutionsArePolledAndCanBeCancelled() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = newAgent(ws);
        String id = execute(ws, "/v1/agents/" + agent + "/execute", Map.of("message", "later", "mode", "async"))
                .then().statusCode(202).body("status", is("pending")).extract().path("execution_id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ws.given().get("/v1/executions/" + id)
                .then().body("status", is("completed")));

        String slow = execute(ws, "/v1/agents/" + agent + "/execute",
                Map.of("message", "slow [sim:latency=8000ms]", "mode", "async")).then().statusCode(202)
                .extract().path("execution_id");
        ws.given().post("/v1/executions/" + slow + "/cancel").then().statusCode(200).body("status", is("cancelled"));
        ws.given().get("/v1/executions/" + slow).then().body("status", is("cancelled"));
    }

    @Test
    void anIdempotentDuplicateRunsOnceEvenWhenConcurrent() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = newAgent(ws);
        String key = UUID.randomUUID().toString();
        String id = ws.given().header("Idempotency-Key", key).contentType("application/json")
                .body(Map.of("message", "once")).post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .extract().path("execution_id");
        ws.given().header("Idempotency-Key", key).contentType("application/json").body(Map.of("message", "once"))
                .post("/v1/agents/" + agent + "/execute").then().statusCode(409)
                .body("code", is("IDEMPOTENCY_CONFLICT"), "execution_id", is(id));

        String concurrentKey = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(25);
        try {
            List<Integer> statuses = IntStream.range(0, 100).mapToObj(i -> CompletableFuture.supplyAsync(() ->
                    ws.given().header("Idempotency-Key", concurrentKey).contentType("application/json")
                            .body(Map.of("message", "once more")).post("/v1/agents/" + agent + "/execute").statusCode(),
                    pool)).toList().stream().map(CompletableFuture::join).toList();
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(99, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBusySessionRefusesASecondExecution() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = newAgent(ws);
        String session = ws.given().contentType("application/json").body(Map.of("agent_id", agent))
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> execute(ws,
                "/v1/sessions/" + session + "/execute", Map.of("message", "slow [sim:latency=5000ms]")).statusCode());
        // once the first one is in progress it holds the session (for the simulator's 5 s) — not before:
        // racing a fixed delay failed on a cold, loaded machine
        await().atMost(Duration.ofSeconds(30)).until(() -> ws.given()
                .get("/v1/executions?session_id=" + session + "&status=in_progress").then().statusCode(200)
                .extract().<Integer>path("pagination.total") == 1);
        execute(ws, "/v1/sessions/" + session + "/execute", Map.of("message", "me too"))
                .then().statusCode(409).body("code", is("SESSION_BUSY"));
        assertEquals(200, first.join());
    }

    @Test
    void anEnqueuedRunSeesTheRunItWaitedFor() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = newAgent(ws);
        String session = ws.given().contentType("application/json").body(Map.of("agent_id", agent))
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> execute(ws,
                "/v1/sessions/" + session + "/execute", Map.of("message", "My name is Zed [sim:latency=2000ms]")).statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> ws.given()
                .get("/v1/executions?session_id=" + session + "&status=in_progress").then().statusCode(200)
                .extract().<Integer>path("pagination.total") == 1);
        // it waits for the session, and only then reads the history: the first run is in it
        execute(ws, "/v1/sessions/" + session + "/execute",
                Map.of("message", "Who am I? [sim:recall]", "multitask_strategy", "enqueue"))
                .then().statusCode(200).body("output.text", containsString("My name is Zed"));
        assertEquals(200, first.join());
    }

    @Test
    void providerErrorsAreRetriedOrFailAndRefund() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = newAgent(ws);
        execute(ws, "/v1/agents/" + agent + "/execute",
                Map.of("message", "[sim:fail-first=429] [sim:id=" + UUID.randomUUID() + "] [sim:reply=made it]"))
                .then().statusCode(200).body("output.text", is("made it"));
        // that run's charge is settled from agent.executed a moment after its answer
        await().atMost(Duration.ofSeconds(20)).until(() -> ((Number) ws.given().get("/v1/credits").then()
                .extract().path("reserved")).longValue() == 0);
        long before = ((Number) ws.given().get("/v1/credits").then().statusCode(200).extract().path("balance")).longValue();
        String id = execute(ws, "/v1/agents/" + agent + "/execute", Map.of("message", "[sim:error=500]"))
                .then().statusCode(502).body("code", is("EXECUTION_FAILED")).extract().path("execution_id");
        ws.given().get("/v1/executions/" + id).then().body("status", is("failed"), "cost", is(0));
        long after = ((Number) ws.given().get("/v1/credits").then().extract().path("balance")).longValue();
        assertEquals(before, after, "a failed execution costs nothing");
    }

    @Test
    void aBatchOfTwentyWithOneFailingItem() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = newAgent(ws);
        List<Map<String, String>> items = IntStream.range(0, 20).mapToObj(i -> Map.of("key", "k" + i,
                "message", i == 7 ? "boom [sim:error=500]" : "item " + i)).toList();
        List<JsonNode> events = Sse.parse(execute(ws, "/v1/agents/" + agent + "/execute/batch", Map.of("items", items))
                .then().statusCode(200).extract().asString());
        JsonNode done = events.get(events.size() - 1);
        assertEquals("batch_completed", done.path("type").asText());
        assertEquals(19, done.path("succeeded").asInt());
        assertEquals(1, done.path("failed").asInt());
    }

    @Test
    void anotherWorkspaceCannotExecutePollStreamOrCancel() {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = newAgent(ws);
        String id = execute(ws, "/v1/agents/" + agent + "/execute", Map.of("message", "mine")).then().statusCode(200)
                .extract().path("execution_id");
        Platform.Workspace other = Platform.newWorkspace();
        execute(other, "/v1/agents/" + agent + "/execute", Map.of("message", "x")).then().statusCode(404);
        other.given().get("/v1/executions/" + id).then().statusCode(404);
        other.given().get("/v1/executions/" + id + "/events").then().statusCode(404);
        other.given().post("/v1/executions/" + id + "/cancel").then().statusCode(404);
    }
}
