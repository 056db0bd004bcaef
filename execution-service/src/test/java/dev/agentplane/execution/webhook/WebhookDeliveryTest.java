package dev.agentplane.execution.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.event.EventEnvelope;
import dev.agentplane.kit.event.Topics;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Deliveries end to end inside the service: Kafka event (or a real execution) → delivery row → signed POST to a
 * WireMock receiver on 127.0.0.1 (the only range the test profile allows) → delivery log. Retries are 200 ms apart
 * here, 4 attempts in all.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class WebhookDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Fakes fakes;
    @Inject
    StubResolver dns;
    @Inject
    Topics topics;
    @Inject
    EntityManager em;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @ConfigProperty(name = "test.wiremock.port")
    int port;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private record Hook(String id, String secret, String path) {
    }

    private Hook subscribe(TestTokens.Workspace owner, List<String> events) {
        String path = "/hooks/" + Fakes.marker();
        return subscribe(owner, events, path, "http://127.0.0.1:" + port + path);
    }

    private Hook subscribe(TestTokens.Workspace owner, List<String> events, String path, String url) {
        JsonPath created = WebhooksApiTest.create(owner, Map.of("url", url, "events", events)).statusCode(201)
                .extract().jsonPath();
        return new Hook(created.getString("id"), created.getString("secret"), path);
    }

    private WireMock wm() {
        return fakes.wm();
    }

    private void answer(Hook hook, int status) {
        wm().register(post(urlPathEqualTo(hook.path())).willReturn(aResponse().withStatus(status).withBody("ok " + status)));
    }

    private List<LoggedRequest> received(Hook hook) {
        return WebhookReceiver.requests(wm(), hook.path());
    }

    private JsonPath deliveries(TestTokens.Workspace owner, Hook hook, String query) {
        return given().auth().oauth2(owner.token()).get("/v1/webhooks/" + hook.id() + "/deliveries" + query)
                .then().statusCode(200).extract().jsonPath();
    }

    private JsonPath delivery(Hook hook, String deliveryId) {
        return given().auth().oauth2(ws.token()).get("/v1/webhooks/" + hook.id() + "/deliveries/" + deliveryId)
                .then().statusCode(200).extract().jsonPath();
    }

    private String sendTest(Hook hook) {
        return given().auth().oauth2(ws.token()).post("/v1/webhooks/" + hook.id() + "/test").then().statusCode(202)
                .extract().path("id");
    }

    private void publish(String topic, EventEnvelope event) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topics.name(topic), event.subject(),
                    JSON.copy().setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                            .writeValueAsString(event))).get();
        }
    }

    @Test
    void anExecutionReachesTheReceiverAsSignedAgentExecuted() throws Exception {
        Hook hook = subscribe(ws, List.of("agent.executed"));
        answer(hook, 204);
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "the answer", 6, 4);
        String executionId = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", marker)).post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .extract().path("execution_id");

        await().atMost(Duration.ofSeconds(20)).until(() -> received(hook).size() == 1);
        LoggedRequest request = received(hook).get(0);
        assertTrue(WebhookReceiver.verifies(hook.secret(), request), "the signature verifies with the secret");
        assertTrue(request.getHeader("webhook-id").startsWith("msg_"));
        long timestamp = Long.parseLong(request.getHeader("webhook-timestamp"));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) < 60);
        assertEquals("application/json", request.getHeader("Content-Type"));
        JsonNode body = JSON.readTree(request.getBodyAsString());
        assertEquals("agent.executed", body.path("type").asText());
        assertEquals("agent.executed", body.path("event").asText(), "seed 002's receivers read event");
        assertFalse(body.path("timestamp").asText().isEmpty());
        JsonNode data = body.path("data");
        assertEquals(agent, data.path("agent_id").asText());
        assertEquals(executionId, data.path("execution_id").asText());
        assertEquals("completed", data.path("status").asText());
        assertEquals("the answer", data.path("result").path("text").asText());
        assertEquals(10, data.path("usage").path("total_tokens").asInt());
        assertEquals(4, data.path("cost").asLong());
        assertFalse(data.path("created_at").asText().isEmpty());
        assertFalse(data.path("completed_at").asText().isEmpty());
        assertTrue(data.path("lease_id").isMissingNode() && data.path("hold").isMissingNode(),
                "billing's fields stay inside: " + data);

        JsonPath log = deliveries(ws, hook, "");
        assertEquals(1, log.getInt("pagination.total"));
        assertEquals("delivered", log.getString("items[0].status"));
        assertEquals("agent.executed", log.getString("items[0].event_type"));
        assertEquals(request.getHeader("webhook-id"), log.getString("items[0].message_id"));
        assertEquals(204, log.getInt("items[0].attempts[0].status_code"));
    }

    @Test
    void aFailedExecutionReachesExecutionFailedSubscribersAndAgentExecutedOnesWithItsStatus() throws Exception {
        Hook failed = subscribe(ws, List.of("execution.failed"));
        Hook executed = subscribe(ws, List.of("agent.executed"));
        answer(failed, 200);
        answer(executed, 200);
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llmError(marker, 400);
        String executionId = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", marker)).post("/v1/agents/" + agent + "/execute").then().statusCode(502)
                .extract().path("execution_id");

        await().atMost(Duration.ofSeconds(20)).until(() -> received(failed).size() == 1 && received(executed).size() == 1);
        JsonNode body = JSON.readTree(received(failed).get(0).getBodyAsString());
        assertTrue(WebhookReceiver.verifies(failed.secret(), received(failed).get(0)));
        assertEquals("execution.failed", body.path("type").asText());
        assertEquals(executionId, body.path("data").path("execution_id").asText());
        assertEquals(agent, body.path("data").path("agent_id").asText());
        assertEquals("failed", body.path("data").path("status").asText());
        assertFalse(body.path("data").path("error").isMissingNode(), "the error travels: " + body);
        JsonNode finished = JSON.readTree(received(executed).get(0).getBodyAsString());
        assertEquals(executionId, finished.path("data").path("execution_id").asText());
        assertEquals("failed", finished.path("data").path("status").asText());
    }

    @Test
    void aRunWaitingForAClientToolIsDeliveredAsAwaitingActionWithItsPendingActions() {
        Hook hook = subscribe(ws, List.of("execution.awaiting_action"));
        answer(hook, 204);
        String agent = fakes.agent(ws, a -> ((com.fasterxml.jackson.databind.node.ObjectNode) a.get("config"))
                .put("accepts_client_tools", true));
        String marker = Fakes.marker();
        fakes.llmTools(marker, Map.of("lookup", "{\"q\":\"x\"}"), "done", 5, 2);
        String executionId = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", marker, "client_tools", List.of(Map.of("name", "lookup"))))
                .post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.is("awaiting_client_tool")).extract().path("execution_id");

        await().atMost(Duration.ofSeconds(20)).until(() -> received(hook).size() == 1);
        JsonNode body;
        try {
            body = JSON.readTree(received(hook).get(0).getBodyAsString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals("execution.awaiting_action", body.path("type").asText());
        assertEquals(executionId, body.path("data").path("execution_id").asText());
        assertEquals("awaiting_client_tool", body.path("data").path("status").asText());
        assertEquals("lookup", body.path("data").path("pending_actions").get(0).path("tool").asText());
    }

    @Test
    void failingTwiceThenSucceedingIsDeliveredOnTheThirdAttemptWithOneWebhookId() throws Exception {
        Hook hook = subscribe(ws, List.of("*"));
        wm().register(post(urlPathEqualTo(hook.path())).inScenario(hook.path()).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("broken")).willSetStateTo("one"));
        wm().register(post(urlPathEqualTo(hook.path())).inScenario(hook.path()).whenScenarioStateIs("one")
                .willReturn(aResponse().withStatus(500).withBody("still broken")).willSetStateTo("two"));
        wm().register(post(urlPathEqualTo(hook.path())).inScenario(hook.path()).whenScenarioStateIs("two")
                .willReturn(aResponse().withStatus(200).withBody("thanks")));
        String deliveryId = sendTest(hook);

        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(delivery(hook, deliveryId).getString("status")));
        List<LoggedRequest> requests = received(hook);
        assertEquals(3, requests.size());
        String webhookId = requests.get(0).getHeader("webhook-id");
        for (LoggedRequest r : requests) {
            assertEquals(webhookId, r.getHeader("webhook-id"), "one message id across retries");
            assertTrue(WebhookReceiver.verifies(hook.secret(), r));
        }
        JsonPath log = delivery(hook, deliveryId);
        assertEquals(List.of(500, 500, 200), log.getList("attempts.status_code"));
        assertEquals("broken", log.getString("attempts[0].response_body"));
        assertEquals("thanks", log.getString("attempts[2].response_body"));
        assertNotNull(log.get("attempts[2].latency_ms"));
        assertEquals(0, given().auth().oauth2(ws.token()).get("/v1/webhooks/" + hook.id()).then().extract()
                .<Integer>path("failure_streak"), "a success ends the streak");

        given().auth().oauth2(ws.token()).post("/v1/webhooks/" + hook.id() + "/deliveries/" + deliveryId + "/redeliver")
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> received(hook).size() == 4);
        assertEquals(webhookId, received(hook).get(3).getHeader("webhook-id"), "a redelivery is the same message");
        await().atMost(Duration.ofSeconds(10)).until(() -> delivery(hook, deliveryId).getList("attempts").size() == 4);
        assertEquals(1, deliveries(ws, hook, "?status=delivered&event_type=webhook.test").getInt("pagination.total"));
        assertEquals(0, deliveries(ws, hook, "?status=failed").getInt("pagination.total"));
    }

    @Test
    void anEndpointFailingEveryAttemptEndsFailedAndReplayResendsIt() {
        Hook hook = subscribe(ws, List.of("*"));
        answer(hook, 503);
        Instant before = Instant.now().minusSeconds(1);
        String deliveryId = sendTest(hook);
        await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(delivery(hook, deliveryId).getString("status")));
        assertEquals(4, received(hook).size(), "the first attempt and the three retries of the test profile");
        assertEquals(4, delivery(hook, deliveryId).getList("attempts").size());
        given().auth().oauth2(ws.token()).get("/v1/webhooks/" + hook.id()).then().statusCode(200)
                .body("failure_streak", org.hamcrest.Matchers.is(4))
                .body("failing_since", org.hamcrest.Matchers.notNullValue())
                .body("enabled", org.hamcrest.Matchers.is(true));

        answer(hook, 200);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("since", before.toString()))
                .post("/v1/webhooks/" + hook.id() + "/replay").then().statusCode(202)
                .body("deliveries", org.hamcrest.Matchers.is(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(delivery(hook, deliveryId).getString("status")));
        assertEquals(5, received(hook).size());
    }

    @Test
    void gone410DisablesTheSubscriptionAndTheWorkspaceSeesWhy() {
        Hook hook = subscribe(ws, List.of("*"));
        answer(hook, 410);
        String deliveryId = sendTest(hook);
        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(delivery(hook, deliveryId).getString("status")));
        assertEquals(1, received(hook).size(), "no retry after 410");
        given().auth().oauth2(ws.token()).get("/v1/webhooks/" + hook.id()).then().statusCode(200)
                .body("enabled", org.hamcrest.Matchers.is(false))
                .body("disabled_reason", org.hamcrest.Matchers.containsString("410"));
        // a disabled subscription receives nothing; enabling it again clears the reason
        sendTest(hook);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("enabled", true))
                .patch("/v1/webhooks/" + hook.id()).then().statusCode(200)
                .body("disabled_reason", org.hamcrest.Matchers.nullValue())
                .body("failure_streak", org.hamcrest.Matchers.is(0));
        answer(hook, 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> received(hook).size() == 2);
    }

    @Test
    void anEndpointFailingEveryAttemptForFiveDaysIsDisabledAndTheWorkspaceSeesWhy() {
        Hook hook = subscribe(ws, List.of("*"));
        answer(hook, 500);
        // as if every attempt had failed since six days ago (disable-after is 120 h): the next failure disables it
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update webhook_subscription set "
                        + "failure_streak = 30, failing_since = now() - interval '6 days' where id = ?1")
                .setParameter(1, hook.id()).executeUpdate());
        String first = sendTest(hook);
        await().atMost(Duration.ofSeconds(10)).until(() -> !given().auth().oauth2(ws.token())
                .get("/v1/webhooks/" + hook.id()).then().extract().<Boolean>path("enabled"));
        given().auth().oauth2(ws.token()).get("/v1/webhooks/" + hook.id()).then().statusCode(200)
                .body("failure_streak", org.hamcrest.Matchers.is(31))
                .body("disabled_reason", org.hamcrest.Matchers.startsWith("Every attempt since "))
                .body("disabled_reason", org.hamcrest.Matchers.containsString("(31 in a row)"));
        // a disabled endpoint gets nothing more: its retry and a new message wait until it is enabled again
        String second = sendTest(hook);
        assertEquals(1, received(hook).size());
        assertEquals("pending", delivery(hook, first).getString("status"));
        assertEquals("pending", delivery(hook, second).getString("status"));
        answer(hook, 200);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("enabled", true))
                .patch("/v1/webhooks/" + hook.id()).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(delivery(hook, first).getString("status"))
                && "delivered".equals(delivery(hook, second).getString("status")));
    }

    /** A sample of /q/metrics, or -1 when it is not there. */
    private static double metric(String name, String labels) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(name)
                        + (labels.isEmpty() ? "(\\{[^}]*})?" : "\\{" + java.util.regex.Pattern.quote(labels) + "[^}]*}")
                        + " ([0-9.E+-]+)$")
                .matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return m.find() ? Double.parseDouble(m.group(m.groupCount())) : -1;
    }

    @Test
    void metricsCountOutcomesShowQueueAgeAndEachEndpointsFailureStreakWithoutItsUrl() {
        String path = "/hooks/" + Fakes.marker();
        Hook hook = subscribe(ws, List.of("*"), path, "http://127.0.0.1:" + port + path + "?token=s3cr3t-in-the-url");
        answer(hook, 503);
        double retryingBefore = Math.max(0, metric("agentplane_webhooks_deliveries_total", "outcome=\"retrying\""));
        double failedBefore = Math.max(0, metric("agentplane_webhooks_deliveries_total", "outcome=\"failed\""));
        String deliveryId = sendTest(hook);
        await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(delivery(hook, deliveryId).getString("status")));

        String streak = "agentplane_webhooks_endpoint_failure_streak";
        await().atMost(Duration.ofSeconds(5)).until(() -> metric(streak, "webhook=\"" + hook.id() + "\"") == 4);
        assertTrue(metric("agentplane_webhooks_deliveries_total", "outcome=\"retrying\"") >= retryingBefore + 3);
        assertTrue(metric("agentplane_webhooks_deliveries_total", "outcome=\"failed\"") >= failedBefore + 1);
        assertTrue(metric("agentplane_webhooks_queue_age_seconds", "") >= 0, "the queue age gauge is there");
        String all = given().get("/q/metrics").then().extract().asString();
        assertFalse(all.contains("s3cr3t-in-the-url") || all.contains(path), "no URL in any tag");

        answer(hook, 200);
        given().auth().oauth2(ws.token()).post("/v1/webhooks/" + hook.id() + "/deliveries/" + deliveryId + "/redeliver")
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> metric(streak, "webhook=\"" + hook.id() + "\"") == 0);
        assertTrue(received(hook).get(0).getUrl().contains("token=s3cr3t-in-the-url"), "the receiver got its URL");

        // a deleted webhook's gauge goes at the next refresh
        given().auth().oauth2(ws.token()).delete("/v1/webhooks/" + hook.id()).then().statusCode(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> metric(streak, "webhook=\"" + hook.id() + "\"") == -1);
    }

    @Test
    void rotationSignsWithBothSecretsDuringTheOverlapAndOnlyTheNewAfterIt() throws Exception {
        Hook hook = subscribe(ws, List.of("*"));
        answer(hook, 200);
        String rotated = given().auth().oauth2(ws.token()).post("/v1/webhooks/" + hook.id() + "/rotate-secret").then()
                .statusCode(200).extract().path("secret");
        sendTest(hook);
        await().atMost(Duration.ofSeconds(10)).until(() -> received(hook).size() == 1);
        LoggedRequest during = received(hook).get(0);
        assertEquals(2, during.getHeader("webhook-signature").split(" ").length);
        assertTrue(WebhookReceiver.verifies(rotated, during));
        assertTrue(WebhookReceiver.verifies(hook.secret(), during), "the old secret still verifies in the overlap");

        // the overlap ends (24 h in production): moved into the past here instead of waiting
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update webhook_subscription set previous_until = now() - interval '1 second' where id = ?1")
                .setParameter(1, hook.id()).executeUpdate());
        sendTest(hook);
        await().atMost(Duration.ofSeconds(10)).until(() -> received(hook).size() == 2);
        LoggedRequest after = received(hook).stream().filter(r -> r != during
                && !r.getHeader("webhook-id").equals(during.getHeader("webhook-id"))).findFirst().orElseThrow();
        assertEquals(1, after.getHeader("webhook-signature").split(" ").length);
        assertTrue(WebhookReceiver.verifies(rotated, after));
        assertFalse(WebhookReceiver.verifies(hook.secret(), after));
    }

    @Test
    void aSlowEndpointDoesNotDelayAnotherEndpointsDeliveries() {
        Hook slow = subscribe(ws, List.of("*"));
        Hook fast = subscribe(ws, List.of("*"));
        // slower than the test itself waits for the fast one, under the 5 s attempt timeout of the test profile
        wm().register(post(urlPathEqualTo(slow.path())).willReturn(aResponse().withStatus(200).withFixedDelay(4_000)));
        answer(fast, 200);
        List<String> slowOnes = List.of(sendTest(slow), sendTest(slow), sendTest(slow), sendTest(slow));
        String fastOne = sendTest(fast);
        await().atMost(Duration.ofSeconds(3)).until(() -> "delivered".equals(delivery(fast, fastOne).getString("status")));
        // ordering, not a stopwatch: the fast endpoint's delivery, queued after four to the slow one, is done while
        // none of the slow endpoint's is
        for (String id : slowOnes) {
            assertNotEquals("delivered", delivery(slow, id).getString("status"));
        }
        assertTrue(received(slow).size() <= 2, "at most per-endpoint-concurrency (2 here) attempts at once");
        await().atMost(Duration.ofSeconds(20)).until(() -> slowOnes.stream()
                .allMatch(id -> "delivered".equals(delivery(slow, id).getString("status"))));
    }

    @Test
    void aNameThatLaterResolvesToAPrivateAddressIsRefusedAtDelivery() {
        String path = "/hooks/" + Fakes.marker();
        dns.set("rebind.webhooks.test", "127.0.0.1");
        Hook hook = subscribe(ws, List.of("*"), path, "http://rebind.webhooks.test:" + port + path);
        answer(hook, 200);
        dns.set("rebind.webhooks.test", "10.9.8.7");
        String deliveryId = sendTest(hook);
        await().atMost(Duration.ofSeconds(10)).until(() -> !delivery(hook, deliveryId).getList("attempts").isEmpty());
        JsonPath log = delivery(hook, deliveryId);
        assertNull(log.get("attempts[0].status_code"));
        assertTrue(log.getString("attempts[0].error").startsWith("refused: the URL resolves to a private"),
                log.getString("attempts[0].error"));
        assertEquals(0, received(hook).size(), "no connection was made");

        // back on an allowed address, the retry goes out and connects to the checked address
        dns.set("rebind.webhooks.test", "127.0.0.1");
        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(delivery(hook, deliveryId).getString("status")));
        assertEquals("rebind.webhooks.test:" + port, received(hook).get(0).getHeader("Host"));
    }

    @Test
    void creditsLowFromBillingReachesTheWorkspacesSubscribers() throws Exception {
        Hook hook = subscribe(ws, List.of("credits.low"));
        answer(hook, 200);
        publish(Topics.BILLING_EVENTS, new EventEnvelope(UUID.randomUUID().toString(), "credits.low", "billing-service",
                Instant.now(), ws.tenantId(), ws.workspaceId(), ws.workspaceId(),
                JSON.readTree("{\"execution_id\":\"exec-1\",\"balance\":8900,\"available\":8900,\"threshold\":9000}")));
        await().atMost(Duration.ofSeconds(90)).until(() -> received(hook).size() == 1);
        JsonNode body = JSON.readTree(received(hook).get(0).getBodyAsString());
        assertEquals("credits.low", body.path("type").asText());
        assertEquals(9000, body.path("data").path("threshold").asLong());
    }

    @Test
    void agentEventsFromKafkaReachOnlyTheirWorkspaceOnceEach() throws Exception {
        Hook mine = subscribe(ws, List.of("agent.graduated"));
        Hook mineOther = subscribe(ws, List.of("agent.deleted"));
        TestTokens.Workspace other = TestTokens.newWorkspace();
        Hook theirs = subscribe(other, List.of("*"));
        answer(mine, 200);
        answer(mineOther, 200);
        answer(theirs, 200);
        EventEnvelope graduated = new EventEnvelope(UUID.randomUUID().toString(), "agent.graduated", "agent-registry",
                Instant.now(), ws.tenantId(), ws.workspaceId(), "agent-1",
                JSON.readTree("{\"agent_id\":\"agent-1\",\"previous_level\":\"intern\",\"new_level\":\"supervised\","
                        + "\"readiness_score\":0.82}"));
        publish(Topics.AGENT_EVENTS, graduated);
        publish(Topics.AGENT_EVENTS, graduated); // Kafka may deliver an event twice: it is sent once
        // a feed group new to this broker reads the topic from its start first (a long-lived local broker holds days
        // of test events)
        await().atMost(Duration.ofSeconds(90)).until(() -> received(mine).size() == 1);
        JsonNode body = JSON.readTree(received(mine).get(0).getBodyAsString());
        assertEquals("agent.graduated", body.path("event").asText());
        assertEquals("supervised", body.path("data").path("new_level").asText());
        assertEquals(0.82, body.path("data").path("readiness_score").asDouble());

        // a later event of the other workspace proves the first was read past: still nothing crossed over
        EventEnvelope theirsEvent = new EventEnvelope(UUID.randomUUID().toString(), "agent.created", "agent-registry",
                Instant.now(), other.tenantId(), other.workspaceId(), "agent-2", JSON.readTree("{\"agent_id\":\"agent-2\"}"));
        publish(Topics.AGENT_EVENTS, theirsEvent);
        await().atMost(Duration.ofSeconds(20)).until(() -> received(theirs).size() == 1);
        assertEquals("agent.created", JSON.readTree(received(theirs).get(0).getBodyAsString()).path("type").asText());
        assertEquals(1, received(mine).size());
        assertEquals(0, received(mineOther).size(), "not subscribed to agent.graduated");
        assertEquals(1, deliveries(ws, mine, "").getInt("pagination.total"));
    }
}
