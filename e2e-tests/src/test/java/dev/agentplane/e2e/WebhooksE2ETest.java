package dev.agentplane.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.agentplane.e2e.support.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Webhooks through the gateway: a receiver on 127.0.0.1 (the test platform's operator setting allows that address
 * over http; bin/up does not) subscribes to agent.executed, an agent runs, and the signed delivery arrives. The
 * receiver fails the first attempt, so the first retry (2 s apart on the suite's platform, AGENTPLANE_WEBHOOKS_BACKOFF in
 * bin/test) brings the same webhook-id again.
 */
class WebhooksE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Received(String path, String id, String timestamp, String signature, String body) {
    }

    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger flaky = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), new String(body, StandardCharsets.UTF_8)));
            // /hooks/in fails its first attempt, /hooks/flaky its first two (with 500); other paths take everything
            int status = path.equals("/hooks/in") && answered.getAndIncrement() == 0 ? 503
                    : path.equals("/hooks/flaky") && flaky.getAndIncrement() < 2 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    /** Standard Webhooks verification, written from the specification. */
    private static boolean verifies(String secret, Received r) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((r.id() + "." + r.timestamp() + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
        return List.of(r.signature().split(" ")).contains(expected);
    }

    @Test
    void aSubscriberReceivesSignedAgentExecutedAndTheSameWebhookIdOnARetry() throws Exception {
        Platform.Workspace ws = Platform.newWorkspace();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/in";
        var created = ws.given().contentType("application/json")
                .body(Map.of("url", url, "events", List.of("agent.executed"), "description", "e2e"))
                .post("/v1/webhooks").then().statusCode(201).body("secret", startsWith("whsec_")).extract();
        String hookId = created.path("id");
        String secret = created.path("secret");

        String agent = ws.newAgent("You help.", 100);
        String executionId = ws.given().contentType("application/json")
                .body(Map.of("message", "hi [sim:reply=Hello hook]")).post("/v1/agents/" + agent + "/execute")
                .then().statusCode(200).extract().path("execution_id");

        // the first attempt is answered 503; the retry comes after about 5 s
        await().atMost(Duration.ofSeconds(40)).until(() -> received.size() >= 2);
        Received first = received.get(0);
        Received retry = received.get(1);
        assertEquals(first.id(), retry.id(), "webhook-id is stable across retries");
        assertTrue(verifies(secret, first));
        assertTrue(verifies(secret, retry));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(retry.timestamp())) < 120);
        JsonNode body = JSON.readTree(retry.body());
        assertEquals("agent.executed", body.path("type").asText());
        assertEquals("agent.executed", body.path("event").asText());
        JsonNode data = body.path("data");
        assertEquals(agent, data.path("agent_id").asText());
        assertEquals(executionId, data.path("execution_id").asText());
        assertEquals("completed", data.path("status").asText());
        assertEquals("Hello hook", data.path("result").path("text").asText());
        assertTrue(data.path("usage").path("total_tokens").asInt() > 0);
        assertTrue(data.path("cost").asLong() > 0);
        assertFalse(data.path("completed_at").asText().isEmpty());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ws.given()
                .get("/v1/webhooks/" + hookId + "/deliveries").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].status", is("delivered"))
                .body("items[0].message_id", is(first.id()))
                .body("items[0].attempts.status_code", contains(503, 204)));

        // another workspace sees none of it; a metadata address is refused at subscribe time
        Platform.Workspace other = Platform.newWorkspace();
        other.given().get("/v1/webhooks/" + hookId).then().statusCode(404).body("code", is("WEBHOOK_NOT_FOUND"));
        other.given().get("/v1/webhooks/" + hookId + "/deliveries").then().statusCode(404);
        ws.given().contentType("application/json")
                .body(Map.of("url", "http://169.254.169.254/latest/meta-data", "events", List.of("*")))
                .post("/v1/webhooks").then().statusCode(400).body("code", is("WEBHOOK_URL_NOT_ALLOWED"));
    }

    private List<Received> receivedAt(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Test
    void aRunWaitingForApprovalArrivesAsAwaitingActionAndALowBalanceAsCreditsLow() throws Exception {
        Platform.Workspace ws = Platform.newWorkspace();
        String path = "/hooks/hitl";
        String secret = ws.given().contentType("application/json")
                .body(Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + path,
                        "events", List.of("execution.awaiting_action", "credits.low")))
                .post("/v1/webhooks").then().statusCode(201).extract().path("secret");

        // a workflow whose second step waits for a person's approval (the human-in-the-loop layer)
        String workflow = ws.given().contentType("application/yaml").body(("""
                name: Gated
                system_config:
                  entry_point: drafter
                  agents:
                    - name: drafter
                      system_prompt: Draft the order.
                    - name: review
                      agent_type: human_gate
                      description: Approve the order
                      structured_output:
                        enabled: true
                        schema:
                          approved: {type: bool}
                  edges:
                    - {from: drafter, to: review}
                    - {from: review, to: __end__}
                """).getBytes(StandardCharsets.UTF_8)).post("/v1/agents").then().statusCode(201).extract().path("id");
        String gated = ws.given().contentType("application/json").body(Map.of("message", "Order 3 chairs"))
                .post("/v1/agents/" + workflow + "/execute").then().statusCode(200)
                .body("status", is("awaiting_approval")).extract().path("execution_id");

        // credits.low: the alert at the current balance, so the next charge takes the balance under it
        long balance = ws.given().get("/v1/credits").then().statusCode(200).extract().jsonPath().getLong("balance");
        ws.given().contentType("application/json").body(Map.of("threshold", balance))
                .put("/v1/credits/low-balance-alert").then().statusCode(200);
        String agent = ws.newAgent("You help.", 100);
        String charged = ws.given().contentType("application/json").body(Map.of("message", "hi [sim:reply=ok]"))
                .post("/v1/agents/" + agent + "/execute").then().statusCode(200).body("status", is("completed"))
                .extract().path("execution_id");

        await().atMost(Duration.ofSeconds(60)).until(() -> receivedAt(path).size() >= 2);
        Map<String, JsonNode> byType = new java.util.HashMap<>();
        for (Received r : receivedAt(path)) {
            assertTrue(verifies(secret, r), "signed with the subscription's secret");
            JsonNode body = JSON.readTree(r.body());
            byType.put(body.path("type").asText(), body);
        }
        JsonNode waiting = byType.get("execution.awaiting_action");
        assertNotNull(waiting, "execution.awaiting_action arrived: " + byType.keySet());
        assertEquals(gated, waiting.path("data").path("execution_id").asText());
        assertEquals("awaiting_approval", waiting.path("data").path("status").asText());
        assertEquals("approval", waiting.path("data").path("pending_actions").get(0).path("kind").asText());
        assertEquals("human_gate", waiting.path("data").path("pending_actions").get(0).path("tool").asText());
        JsonNode low = byType.get("credits.low");
        assertNotNull(low, "credits.low arrived: " + byType.keySet());
        assertEquals(charged, low.path("data").path("execution_id").asText());
        assertEquals(balance, low.path("data").path("threshold").asLong());
        assertTrue(low.path("data").path("balance").asLong() < balance);
        assertEquals(2, receivedAt(path).size(), "nothing else was sent to this subscription");
    }

    @Test
    void aReceiverFailingTwiceGetsTheThirdAttemptRedeliveryRotationAndAnotherWorkspaceSeesNone() throws Exception {
        Platform.Workspace ws = Platform.newWorkspace();
        String path = "/hooks/flaky";
        var created = ws.given().contentType("application/json")
                .body(Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + path, "events", List.of("*")))
                .post("/v1/webhooks").then().statusCode(201).extract();
        String hookId = created.path("id");
        String secret = created.path("secret");

        String deliveryId = ws.given().post("/v1/webhooks/" + hookId + "/test").then().statusCode(202)
                .body("event_type", is("webhook.test")).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ws.given()
                .get("/v1/webhooks/" + hookId + "/deliveries/" + deliveryId).then().statusCode(200)
                .body("status", is("delivered")).body("attempts.status_code", contains(500, 500, 204)));
        List<Received> three = receivedAt(path);
        assertEquals(3, three.size());
        for (Received r : three) {
            assertEquals(three.get(0).id(), r.id(), "one webhook-id across the retries");
            assertTrue(verifies(secret, r));
        }
        ws.given().get("/v1/webhooks/" + hookId + "/deliveries?status=delivered&event_type=webhook.test").then()
                .statusCode(200).body("items", hasSize(1));

        ws.given().post("/v1/webhooks/" + hookId + "/deliveries/" + deliveryId + "/redeliver").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedAt(path).size() == 4);
        assertEquals(three.get(0).id(), receivedAt(path).get(3).id(), "a redelivery is the same message");

        // rotation: during the overlap both secrets sign
        String rotated = ws.given().post("/v1/webhooks/" + hookId + "/rotate-secret").then().statusCode(200)
                .body("previous_secret_expires_at", notNullValue()).extract().path("secret");
        ws.given().post("/v1/webhooks/" + hookId + "/test").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedAt(path).size() == 5);
        Received during = receivedAt(path).get(4);
        assertEquals(2, during.signature().split(" ").length);
        assertTrue(verifies(rotated, during));
        assertTrue(verifies(secret, during));

        // another workspace: 404 on every route, and nothing is sent
        Platform.Workspace other = Platform.newWorkspace();
        String base = "/v1/webhooks/" + hookId;
        other.given().get(base).then().statusCode(404).body("code", is("WEBHOOK_NOT_FOUND"));
        other.given().contentType("application/json").body(Map.of("enabled", false)).patch(base).then().statusCode(404);
        other.given().post(base + "/rotate-secret").then().statusCode(404);
        other.given().post(base + "/test").then().statusCode(404);
        other.given().get(base + "/deliveries").then().statusCode(404);
        other.given().get(base + "/deliveries/" + deliveryId).then().statusCode(404);
        other.given().post(base + "/deliveries/" + deliveryId + "/redeliver").then().statusCode(404);
        other.given().contentType("application/json").body(Map.of("since", "2020-01-01T00:00:00Z"))
                .post(base + "/replay").then().statusCode(404);
        other.given().delete(base).then().statusCode(404);
        other.given().get("/v1/webhooks").then().statusCode(200).body("items", hasSize(0));
        ws.given().get(base).then().statusCode(200).body("enabled", is(true));
        assertEquals(5, receivedAt(path).size());
    }
}
