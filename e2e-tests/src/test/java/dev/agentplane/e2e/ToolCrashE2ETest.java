package dev.agentplane.e2e;

import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpServer;
import dev.agentplane.e2e.support.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * kill -9 of execution-service around a tool call (issue 29's ledger): a call recorded done before the crash is not
 * made again when the run resumes; a non-idempotent call caught running (the tool server holds the request until
 * the service is dead) becomes an approval, and runs again only when a person confirms it.
 */
class ToolCrashE2ETest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static HttpServer server;
    private static final AtomicInteger VISITS = new AtomicInteger();
    private static final AtomicInteger HELD = new AtomicInteger();
    private static volatile CountDownLatch release = new CountDownLatch(0);

    @BeforeAll
    static void startToolServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/visits", exchange -> answer(exchange, VISITS));
        server.createContext("/held", exchange -> {
            HELD.incrementAndGet();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, new AtomicInteger());
        });
        server.start();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, AtomicInteger count) throws IOException {
        count.incrementAndGet();
        byte[] body = "{\"recorded\": true}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException gone) {
            // the caller was killed meanwhile
        }
        exchange.close();
    }

    @AfterAll
    static void stopToolServer() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void aCallRecordedDoneIsNotMadeAgainAfterAKill() throws Exception {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = agentWith(ws, "record_visit", "/visits");
        // each model call takes 4 s: the kill lands while the call after the tool's result is under way
        String id = start(ws, agent, "Record it. [sim:tool=record_visit] [sim:args={\"who\":\"ada\"}] [sim:latency=4s]");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                ws.given().get("/v1/executions/" + id + "/steps").then().statusCode(200)
                        .body("steps.findAll { it.type == 'tool_call' }.state", contains("done")));
        Platform.restart("--kill", "execution-service");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                ws.given().get("/v1/executions/" + id).then().statusCode(200)
                        .body("status", is("completed"), "output.text", containsString("recorded")));
        assertEquals(1, VISITS.get(), "the tool's server saw the call once");
        ws.given().get("/v1/executions/" + id + "/steps").then().statusCode(200)
                .body("steps.findAll { it.type == 'tool_call' }.attempts", contains(1));
    }

    @Test
    void aNonIdempotentCallCaughtRunningBecomesAnApproval() throws Exception {
        Platform.Workspace ws = Platform.newWorkspace();
        String agent = agentWith(ws, "send_order", "/held");
        release = new CountDownLatch(1);
        int before = HELD.get();
        String id;
        try {
            id = start(ws, agent, "Order it. [sim:tool=send_order] [sim:args={\"who\":\"ada\"}]");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> HELD.get() > before);
            Platform.restart("--kill", "execution-service");
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                ws.given().get("/v1/executions/" + id).then().statusCode(200).body("status", is("awaiting_approval")));
        String callId = ws.given().get("/v1/executions/" + id + "/pending-actions").then().statusCode(200)
                .body("items", hasSize(1), "items[0].kind", is("approval"), "items[0].tool", is("send_order"),
                        "items[0].reason", containsString("interrupted"))
                .extract().path("items[0].tool_call_id");
        ws.given().get("/v1/executions/" + id + "/steps").then().statusCode(200)
                .body("steps.findAll { it.type == 'tool_call' }.state", hasItem("in_doubt"));
        assertEquals(before + 1, HELD.get(), "not run again on its own");

        ws.given().contentType("application/json")
                .body(Map.of("decisions", List.of(Map.of("tool_call_id", callId, "confirmed", true))))
                .when().post("/v1/executions/" + id + "/approval").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                ws.given().get("/v1/executions/" + id).then().statusCode(200).body("status", is("completed")));
        assertEquals(before + 2, HELD.get(), "confirmed, it ran again");
    }

    /**
     * An agent with one POST tool (not idempotent by default) to the suite's tool server; declared low risk, so that a
     * student agent calls it unattended (a POST is medium risk by default: it would wait for an approval).
     */
    private static String agentWith(Platform.Workspace ws, String tool, String path) {
        String agent = "e2e-crash-tool-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> declared = Map.of("name", tool, "description", "Records something", "method", "POST",
                "risk_level", "low",
                "url", "http://127.0.0.2:" + server.getAddress().getPort() + path,
                "parameters", Map.of("type", "object", "properties", Map.of("who", Map.of("type", "string"))));
        ws.given().contentType("application/json").body(Map.of("id", agent, "name", "Crash " + agent,
                        "system_prompt", "Use the tool.", "llm_config", Map.of("provider", "openai", "model", "sim-1",
                                "max_tokens", 100), "config", Map.of("worker_config", Map.of("http_tools", List.of(declared)))))
                .when().post("/v1/agents").then().statusCode(201);
        return agent;
    }

    /** Starts a sync run whose answer nobody waits for (the kill cuts it), and finds its id in the workspace's list. */
    private static String start(Platform.Workspace ws, String agent, String message) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(Platform.url() + "/v1/agents/" + agent + "/execute"))
                .header("X-API-Key", ws.apiKey()).header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\": " + TextNode.valueOf(message) + "}")).build();
        HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                ws.given().get("/v1/executions?agent_id=" + agent).then().statusCode(200)
                        .extract().<String>path("items[0].execution_id"), notNullValue());
    }
}
