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
 * receiver fails the first attempt, so the production backoff's first retry (5 s) brings the same webhook-id again.
 */
class WebhooksE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Received(String id, String timestamp, String signature, String body) {
    }

    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), new String(body, StandardCharsets.UTF_8)));
            int status = answered.getAndIncrement() == 0 ? 503 : 204;
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
}
