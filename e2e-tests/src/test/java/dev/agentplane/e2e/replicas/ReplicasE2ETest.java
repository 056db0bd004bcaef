package dev.agentplane.e2e.replicas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.e2e.support.Platform;
import dev.agentplane.e2e.support.Sse;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two replicas of execution-service and billing-service behind the gateway (bin/test --replicas starts them):
 * work spreads over both, state they share holds across them (revocations, rate limits, stream replay), and a
 * rolling bin/restart of each under steady load fails no request. Not in the default suite (about 2-3 minutes);
 * its numbers go to docs/operations.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasE2ETest {
    private static final int EXECUTION = 8183;
    private static final int EXECUTION_2 = 8283;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Platform.Workspace ws;
    private static String agent;

    @BeforeAll
    static void platformWithReplicas() throws IOException {
        Path replicas = Platform.runDir().resolve("replicas");
        assumeTrue(Files.exists(replicas) && Files.readString(replicas).contains("execution-service=2"),
                "needs AGENTPLANE_REPLICAS=execution-service=2,billing-service=2 (bin/test --replicas)");
        ws = Platform.newWorkspace();
        agent = ws.newAgent("You help.", 100);
    }

    /** A request straight to one replica (loopback), past the gateway. */
    private static io.restassured.specification.RequestSpecification replica(int port, String key) {
        return RestAssured.given().baseUri("http://127.0.0.1:" + port).header("X-API-Key", key);
    }

    private static long executesServed(int port) {
        String metrics = RestAssured.given().baseUri("http://127.0.0.1:" + port).get("/q/metrics").asString();
        Matcher m = Pattern.compile("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*uri=\"/v1/agents/\\{[^}]+\\}/execute\"[^}]*\\} ([0-9.E]+)")
                .matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return (long) total;
    }

    @Test
    @Order(1)
    void theGatewaySpreadsExecutesOverBothReplicas() {
        long before1 = executesServed(EXECUTION), before2 = executesServed(EXECUTION_2);
        for (int i = 0; i < 20; i++) {
            ws.given().contentType("application/json").body(Map.of("message", "spread " + i))
                    .post("/v1/agents/" + agent + "/execute").then().statusCode(200);
        }
        long one = executesServed(EXECUTION) - before1, two = executesServed(EXECUTION_2) - before2;
        assertEquals(20, one + two, one + " + " + two);
        assertTrue(one >= 5 && two >= 5, "each replica takes some: " + one + " and " + two);
    }

    @Test
    @Order(2)
    void aRevokedKeyIsRefusedByEveryReplicaWithinFiveSeconds() {
        var created = ws.given().contentType("application/json").body(Map.of("name", "replicated"))
                .when().post("/v1/api-keys").then().statusCode(201).extract();
        String secret = created.path("secret");
        for (int port : new int[] {EXECUTION, EXECUTION_2, 8185, 8285}) {
            String path = port % 100 == 83 ? "/v1/executions" : "/v1/credits";
            replica(port, secret).get(path).then().statusCode(200);
        }
        ws.given().when().delete("/v1/api-keys/" + created.path("id")).then().statusCode(204);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (int port : new int[] {EXECUTION, EXECUTION_2, 8185, 8285}) {
                String path = port % 100 == 83 ? "/v1/executions" : "/v1/credits";
                replica(port, secret).get(path).then().statusCode(401);
            }
        });
    }

    @Test
    @Order(3)
    void theRateLimitIsOneCounterForBothReplicas() {
        Platform.Workspace free = Platform.newWorkspace("free", 0);   // 50 requests a day
        int admitted = 0;
        for (int i = 0; i < 60; i++) {
            int status = replica(i % 2 == 0 ? EXECUTION : EXECUTION_2, free.apiKey()).get("/v1/executions").statusCode();
            if (status == 200) {
                admitted++;
            } else {
                assertEquals(429, status);
            }
        }
        assertEquals(50, admitted, "the tier's number over both replicas, not per replica");
    }

    @Test
    @Order(4)
    void aStreamStartedOnOneReplicaIsResumedOnTheOtherByLastEventId() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + EXECUTION + "/v1/agents/" + agent + "/execute/stream"))
                .header("X-API-Key", ws.apiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"slow [sim:tokens=20] [sim:interval=50ms]\"}")).build();
        List<String> lines = new ArrayList<>();
        HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
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
        List<JsonNode> first = Sse.parse(String.join("\n", lines));
        String id = first.get(0).path("execution_id").asText();
        List<JsonNode> rest = Sse.parse(replica(EXECUTION_2, ws.apiKey()).header("Last-Event-ID", "3")
                .get("/v1/executions/" + id + "/events").then().statusCode(200).extract().asString());
        List<JsonNode> all = new ArrayList<>(first);
        all.addAll(rest.stream().filter(e -> !e.path("type").asText().equals("heartbeat")).toList());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).path("seq").asInt(), "nothing missed or repeated");
        }
        assertEquals("final", all.get(all.size() - 1).path("type").asText());
    }

    /** A suspended run holds nothing on its replica: suspended on one, answered through the other, it completes there. */
    @Test
    @Order(4)
    void aRunSuspendedOnOneReplicaIsAnsweredThroughTheOther() {
        String clientAgent = "e2e-client-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        ws.given().contentType("application/json").body(Map.of("id", clientAgent, "name", "Client tools",
                        "system_prompt", "Use the client's tools.", "config", Map.of("accepts_client_tools", true),
                        "llm_config", Map.of("provider", "openai", "model", "sim-1", "max_tokens", 100)))
                .when().post("/v1/agents").then().statusCode(201);
        var suspended = replica(EXECUTION, ws.apiKey()).contentType("application/json")
                .body(Map.of("message", "Look it up [sim:tool=lookup]", "client_tools", List.of(Map.of("name", "lookup",
                        "description", "Looks it up", "parameters", Map.of("type", "object")))))
                .post("/v1/agents/" + clientAgent + "/execute").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.is("awaiting_client_tool")).extract();
        String id = suspended.path("execution_id");
        String call = suspended.path("pending_actions[0].tool_call_id");
        replica(EXECUTION_2, ws.apiKey()).contentType("application/json")
                .body(Map.of("tool_call_id", call, "outcome", "success",
                        "result", Map.of("found", "yes")))
                .post("/v1/executions/" + id + "/tool-result").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> replica(EXECUTION, ws.apiKey())
                .get("/v1/executions/" + id).then().body("status", org.hamcrest.Matchers.is("completed")));
    }

    /**
     * Sync executes at a steady rate and streamed runs back to back through the gateway while bin/restart
     * replaces each replica of execution-service, then of billing-service: no request fails, every stream
     * reaches its final event with consecutive seqs.
     */
    @Test
    @Order(5)
    void aRollingRestartUnderLoadFailsNoRequest() throws Exception {
        int rate = Integer.getInteger("agentplane.load.rate", 10);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger streams = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService load = Executors.newScheduledThreadPool(16);
        // an enterprise workspace: the load must not meet the tier's rate limit (team: 500 a minute)
        Platform.Workspace big = Platform.newWorkspace("enterprise", Platform.DEFAULT_CREDITS);
        String bigAgent = big.newAgent("You help.", 100);
        AtomicInteger retried = new AtomicInteger();
        // each tick sends without waiting for the previous answer: the rate holds whatever the latency. Each execute
        // carries an Idempotency-Key; a connection closed without an answer (nginx's reload closes idle keep-alive
        // connections) is retried once with the same key, as a client should: 200, or 409 when the first one ran
        load.scheduleAtFixedRate(() -> {
            long start = System.nanoTime();
            String key = java.util.UUID.randomUUID().toString();
            HttpRequest execute = HttpRequest.newBuilder(URI.create(Platform.url() + "/v1/agents/" + bigAgent + "/execute"))
                    .header("X-API-Key", big.apiKey()).header("Content-Type", "application/json")
                    .header("Idempotency-Key", key).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"steady [sim:latency=100ms]\"}")).build();
            HTTP.sendAsync(execute, HttpResponse.BodyHandlers.ofString())
                    .exceptionallyCompose(e -> {
                        retried.incrementAndGet();
                        return HTTP.sendAsync(execute, HttpResponse.BodyHandlers.ofString());
                    })
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
                            failures.add(e.toString());
                            return;
                        }
                        int status = r.statusCode() == 409 && r.body().contains("IDEMPOTENCY_CONFLICT") ? 200 : r.statusCode();
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        if (status != 200) {
                            failures.add(r.statusCode() + " " + r.body());
                        }
                        latencies.add((System.nanoTime() - start) / 1_000_000);
                    });
            sent.incrementAndGet();
        }, 0, 1000 / rate, TimeUnit.MILLISECONDS);
        for (int s = 0; s < 2; s++) {
            load.submit(() -> {
                while (running.get()) {
                    try {
                        String problem = streamToTheEnd();
                        if (problem != null) {
                            failures.add("stream: " + problem);
                        }
                        streams.incrementAndGet();
                    } catch (Exception e) {
                        failures.add("stream: " + e);
                    }
                }
            });
        }
        Thread.sleep(3000);
        long started = System.nanoTime();
        Platform.restart("execution-service", "billing-service");
        long restartMillis = (System.nanoTime() - started) / 1_000_000;
        Thread.sleep(3000);
        running.set(false);
        load.shutdown();
        assertTrue(load.awaitTermination(90, TimeUnit.SECONDS));
        // the last executes sent are still answering
        await().atMost(Duration.ofSeconds(60)).until(() -> statuses.values().stream().mapToInt(AtomicInteger::get).sum() >= sent.get());
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        String summary = "restart took " + restartMillis + " ms; executes sent " + sent.get() + ", by status " + new TreeMap<>(statuses)
                + " (" + retried.get() + " retried with their Idempotency-Key after a dropped connection)"
                + "; streams read to final " + streams.get() + "; latency p50 " + sorted.get(sorted.size() / 2)
                + " ms, p99 " + sorted.get(sorted.size() * 99 / 100) + " ms, max " + sorted.get(sorted.size() - 1) + " ms";
        System.out.println("ROLLING RESTART: " + summary);
        assertEquals(List.of(), failures, summary);
        assertTrue(streams.get() >= 4, summary);
        assertEquals(sent.get(), statuses.get(200).get(), summary);
        assertTrue(sent.get() >= rate * restartMillis / 1000, summary);
    }

    /** One streamed run read to its final event; resumed by Last-Event-ID if the connection drops. Null: fine. */
    private static String streamToTheEnd() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(Platform.url() + "/v1/agents/" + agent + "/execute/stream"))
                .header("X-API-Key", ws.apiKey()).header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"stream [sim:tokens=30] [sim:interval=50ms]\"}")).build();
        List<JsonNode> events = new ArrayList<>(Sse.read(HTTP.send(request, HttpResponse.BodyHandlers.ofLines())));
        if (events.isEmpty()) {
            return "no event";
        }
        String id = events.get(0).path("execution_id").asText();
        for (int resume = 0; resume < 5 && !events.get(events.size() - 1).path("type").asText().equals("final"); resume++) {
            HttpRequest again = HttpRequest.newBuilder(URI.create(Platform.url() + "/v1/executions/" + id + "/events"))
                    .header("X-API-Key", ws.apiKey()).header("Last-Event-ID", String.valueOf(events.size()))
                    .timeout(Duration.ofSeconds(60)).GET().build();
            events.addAll(Sse.read(HTTP.send(again, HttpResponse.BodyHandlers.ofLines())));
        }
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).path("seq").asInt() != i + 1) {
                return id + ": seq " + events.get(i).path("seq").asInt() + " at position " + (i + 1);
            }
        }
        return events.get(events.size() - 1).path("type").asText().equals("final") ? null : id + ": no final event";
    }
}
