package dev.agentplane.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Executions that run now draw their hold from a credit lease after the workspace's first hold told the
 * pricing rule: billing is not called per execution, agent.executed names the lease and the hold (billing
 * settles from it), failures and cancels are left to that settlement, and the lease is closed with what
 * was drawn. Without a lease (refused) every execution is held on its own.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class CreditLeaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Fakes fakes;
    @Inject
    jakarta.persistence.EntityManager em;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Test
    void executionsDrawFromALeaseAndItIsClosedWithWhatWasDrawn() throws Exception {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        String lease = grantLeases(ws, 1_000);
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "leased answer", 6, 4);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<String> ids = new ArrayList<>();
            List<Response> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Response answer = execute(ws, agent, marker + " turn " + i);
                answer.then().statusCode(200).body("cost", org.hamcrest.Matchers.is(4));
                answers.add(answer);
                ids.add(answer.path("execution_id"));
            }
            // the first execution holds on its own and learns the rule; the other three draw from one lease
            assertEquals(1, reservations(ws).size());
            List<LoggedRequest> grants = fakes.requests(postRequestedFor(urlPathEqualTo("/internal/credits/leases"))
                    .withHeader("Authorization", equalTo(fakes.bearerOf(ws))));
            assertEquals(1, grants.size());
            JsonNode grant = JSON.readTree(grants.get(0).getBodyAsString());
            assertEquals("sim-1", grant.path("model").asText());
            assertEquals(200 * 100, grant.path("wanted").asLong(), "200 holds of max_tokens (100) at one credit per token");
            assertEquals(4 * 100, grant.path("minimum").asLong());
            // available after the grant (500,000) plus what is left of the lease, plus the freed rest of the hold
            assertEquals("500996", answers.get(1).header("X-Credits-Remaining"));

            Map<String, JsonNode> executed = agentExecuted(consumer, ids);
            assertTrue(executed.get(ids.get(0)).path("lease_id").isNull(), "held on its own");
            for (String id : ids.subList(1, 4)) {
                assertEquals(lease, executed.get(id).path("lease_id").asText());
                assertEquals(100, executed.get(id).path("hold").asLong());
                assertEquals(4, executed.get(id).path("cost").asLong());
            }
        }
        await().atMost(15, TimeUnit.SECONDS).until(() -> !closes(lease).isEmpty());
        assertEquals(300, JSON.readTree(closes(lease).get(0).getBodyAsString()).path("drawn").asLong());
        // written down while open (billing/HeldLeases), forgotten once closed
        await().atMost(5, TimeUnit.SECONDS).until(() -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() ->
                em.createNativeQuery("select 1 from credit_lease_held where lease_id = ?1").setParameter(1, lease)
                        .getResultList().isEmpty()));
    }

    @Test
    void moreConcurrentRunsThanWorkerThreadsAllFinish() throws Exception {
        // the test profile has 24 worker threads: with the rows written on the same pool, every worker
        // waited for a row queued behind it and nothing finished
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        grantLeases(ws, 100_000);
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llmSlow(marker, "together", 1, 1, 300);
        execute(ws, agent, marker + " first").then().statusCode(200);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(40);
        try {
            List<java.util.concurrent.Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                runs.add(pool.submit(() -> execute(ws, agent, marker + " " + n).statusCode()));
            }
            for (var run : runs) {
                assertEquals(200, run.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theNextLeaseIsTakenBeforeTheCurrentOneRunsDry() {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        grantLeases(ws, 400);
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "fine", 1, 1);
        // one hold of its own, then three of the lease's four holds: a quarter is left
        for (int i = 0; i < 4; i++) {
            execute(ws, agent, marker + " " + i).then().statusCode(200);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> fakes.requests(postRequestedFor(
                urlPathEqualTo("/internal/credits/leases")).withHeader("Authorization", equalTo(fakes.bearerOf(ws)))).size() == 2);
    }

    @Test
    void failedAndCancelledLeasedExecutionsAreSettledFromTheirEventNotByACall() throws Exception {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        grantLeases(ws, 100_000);
        String agent = fakes.agent(ws);
        String warm = Fakes.marker();
        String bad = Fakes.marker();
        String slow = Fakes.marker();
        fakes.llm(warm, "ok", 1, 1);
        fakes.llmError(bad, 500);
        fakes.llmSlow(slow, "too late", 1, 1, 3_000);
        execute(ws, agent, warm).then().statusCode(200);

        String failed = execute(ws, agent, bad).then().statusCode(502).extract().path("execution_id");
        Thread running = new Thread(() -> execute(ws, agent, slow));
        running.start();
        String cancelled = await().atMost(5, TimeUnit.SECONDS).until(() -> runningExecution(ws), id -> id != null);
        given().auth().oauth2(ws.token()).when().post("/v1/executions/" + cancelled + "/cancel").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.is("cancelled"));
        running.join(10_000);

        assertTrue(fakes.requests(postRequestedFor(urlPathMatching("/internal/credits/reservations/.*/release"))
                .withHeader("Authorization", equalTo(fakes.bearerOf(ws)))).isEmpty(), "nothing released by a call");
        try (KafkaConsumer<String, String> consumer = consumer()) {
            Map<String, JsonNode> executed = agentExecuted(consumer, List.of(failed, cancelled));
            assertEquals("failed", executed.get(failed).path("status").asText());
            assertEquals("cancelled", executed.get(cancelled).path("status").asText());
            for (JsonNode data : executed.values()) {
                assertFalse(data.path("lease_id").isNull(), "billing releases it from the lease");
                assertEquals(100, data.path("hold").asLong());
            }
        }
    }

    @Test
    void aLeasedRunThatWaitsForItsClientHoldsOnItsOwnUntilItsActionsExpire() throws Exception {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        String lease = grantLeases(ws, 100_000);
        String agent = fakes.agent(ws, a -> ((com.fasterxml.jackson.databind.node.ObjectNode) a.get("config"))
                .put("accepts_client_tools", true));
        String warm = Fakes.marker();
        String marker = Fakes.marker();
        fakes.llm(warm, "ok", 1, 1);
        fakes.llmTools(marker, Map.of("lookup", "{}"), "found it", 1, 1);
        execute(ws, agent, warm).then().statusCode(200);
        String id = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Look " + marker, "pending_action_ttl", 7_200, "client_tools",
                        List.of(Map.of("name", "lookup", "parameters", Map.of("type", "object")))))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.is("awaiting_client_tool")).extract().path("execution_id");
        // a lease lapses with its TTL: the waiting run's hold becomes its own, for as long as its action waits
        List<LoggedRequest> own = fakes.requests(postRequestedFor(urlPathEqualTo("/internal/credits/reservations"))
                .withRequestBody(matchingJsonPath("$.execution_id", equalTo(id))));
        assertEquals(1, own.size());
        JsonNode hold = JSON.readTree(own.get(0).getBodyAsString());
        // the amount drawn from the lease: max_tokens (100) for each model call the run is expected to make
        assertEquals(0, hold.path("amount").asLong() % 100, hold.toString());
        assertTrue(hold.path("amount").asLong() >= 100, hold.toString());
        assertTrue(hold.path("ttl_seconds").asInt() > 7_200 + 3_500, hold.toString());

        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("tool_call_id", "call_0", "outcome", "success", "result", "42"))
                .when().post("/v1/executions/" + id + "/tool-result").then().statusCode(202);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            JsonNode executed = agentExecuted(consumer, List.of(id)).get(id);
            assertEquals("completed", executed.path("status").asText());
            assertTrue(executed.path("lease_id").isNull(), "billing settles it as a hold of its own");
        }
        await().atMost(15, TimeUnit.SECONDS).until(() -> !closes(lease).isEmpty());
        assertEquals(0, JSON.readTree(closes(lease).get(0).getBodyAsString()).path("drawn").asLong(),
                "the hold went back to the lease");
    }

    @Test
    void withoutALeaseEveryExecutionIsHeldOnItsOwn() {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        fakes.wm().register(post(urlPathEqualTo("/internal/credits/leases")).atPriority(1)
                .withHeader("Authorization", equalTo(fakes.bearerOf(ws)))
                .willReturn(WireMockResource.problem(409, "LEASE_NOT_GRANTED")));
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llm(marker, "fine", 2, 2);
        for (int i = 0; i < 3; i++) {
            execute(ws, agent, marker + " " + i).then().statusCode(200);
        }
        assertEquals(3, reservations(ws).size());
        assertEquals(1, fakes.requests(postRequestedFor(urlPathEqualTo("/internal/credits/leases"))
                .withHeader("Authorization", equalTo(fakes.bearerOf(ws)))).size(), "a refusal is not asked again at once");
    }

    @Test
    void aRunThatCannotBeRecordedAnswers503AndGivesItsHoldBack() throws Exception {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        String lease = grantLeases(ws, 100_000);
        // the execution row's model column holds 200 characters: this model's rows cannot be written
        String model = "m".repeat(250);
        String agent = fakes.agent(ws, a -> ((com.fasterxml.jackson.databind.node.ObjectNode) a.path("llm_config"))
                .put("model", model));
        String marker = Fakes.marker();
        fakes.llm(marker, "never stored", 1, 1);
        // held on its own: the row fails before the model is called, the hold is released
        execute(ws, agent, marker + " first").then().statusCode(500);
        // drawn from the lease: the row fails while the model runs
        execute(ws, agent, marker + " second").then().statusCode(503)
                .body("code", org.hamcrest.Matchers.is("SERVICE_UNAVAILABLE"));
        await().atMost(15, TimeUnit.SECONDS).until(() -> !closes(lease).isEmpty());
        assertEquals(0, JSON.readTree(closes(lease).get(0).getBodyAsString()).path("drawn").asLong(),
                "the hold went back to the lease");
    }

    /** Leases of this workspace: the amount, available 500,000 after the grant, one credit per output token. */
    private String grantLeases(TestTokens.Workspace ws, long amount) {
        String lease = "lease_" + UUID.randomUUID();
        fakes.wm().register(post(urlPathEqualTo("/internal/credits/leases")).atPriority(1)
                .withHeader("Authorization", equalTo(fakes.bearerOf(ws)))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"lease_id\":\"" + lease + "\",\"model\":\"sim-1\",\"amount\":" + amount
                                + ",\"status\":\"open\",\"balance\":600000,\"available\":500000,"
                                + "\"price\":{\"base_cost\":0,\"input_token_price\":0,\"output_token_price\":1}}")));
        fakes.wm().register(post(urlPathEqualTo("/internal/credits/leases/" + lease + "/close")).atPriority(1)
                .willReturn(okJson("{\"lease_id\":\"" + lease + "\",\"status\":\"closed\"}")));
        return lease;
    }

    private List<LoggedRequest> closes(String lease) {
        return fakes.requests(postRequestedFor(urlPathEqualTo("/internal/credits/leases/" + lease + "/close")));
    }

    private List<LoggedRequest> reservations(TestTokens.Workspace ws) {
        return fakes.requests(postRequestedFor(urlPathEqualTo("/internal/credits/reservations"))
                .withHeader("Authorization", equalTo(fakes.bearerOf(ws))));
    }

    private static Response execute(TestTokens.Workspace ws, String agent, String message) {
        return given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", message))
                .when().post("/v1/agents/" + agent + "/execute");
    }

    private static String runningExecution(TestTokens.Workspace ws) {
        List<String> ids = given().auth().oauth2(ws.token()).when().get("/v1/executions?status=in_progress")
                .then().statusCode(200).extract().path("items.execution_id");
        return ids == null || ids.isEmpty() ? null : ids.get(0);
    }

    private Map<String, JsonNode> agentExecuted(KafkaConsumer<String, String> consumer, List<String> ids) throws Exception {
        Map<String, JsonNode> found = new HashMap<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (found.size() < ids.size() && System.currentTimeMillis() < deadline) {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                // the topic is shared with other modules' tests, some of which send unreadable events on purpose
                if (ids.contains(record.key())) {
                    JsonNode event = JSON.readTree(record.value());
                    if ("agent.executed".equals(event.path("type").asText())) {
                        found.put(record.key(), event.path("data"));
                    }
                }
            }
        }
        assertEquals(ids.size(), found.size(), "agent.executed of every execution");
        return found;
    }

    private KafkaConsumer<String, String> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "lease-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("agentplane.topic-prefix", String.class) + "execution.events"));
        return consumer;
    }
}
