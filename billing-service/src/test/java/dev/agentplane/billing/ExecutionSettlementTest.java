package dev.agentplane.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

/** Holds are settled from agent.executed on the real broker: charged, refunded, released, each once, a poll at a time. */
@QuarkusTest
class ExecutionSettlementTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Test
    void aCompletedExecutionIsChargedItsCostOnceHoweverOftenTheEventArrives() throws Exception {
        Fixtures.Account acc = Fixtures.account("team", 10_000);
        String id = hold(acc, 3_000);
        String event = executed(acc, id, "completed", 1_234);
        publish(acc, event);
        publish(acc, event);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> acc.asKey().get("/v1/credits").then()
                .body("balance", is(10_000 - 1_234), "reserved", is(0), "available", is(10_000 - 1_234)));
        acc.asKey().get("/v1/credits/ledger?execution_id=" + id + "&order=asc").then()
                .body("items.kind", contains("reserve", "capture"), "items[1].amount", is(-1234));
        acc.asKey().get("/v1/usage").then().statusCode(200)
                .body("totals.executions", is(1), "totals.credits", is(1234), "totals.input_tokens", is(40),
                        "totals.output_tokens", is(60), "models[0].key", is("sim-1"), "agents[0].key", is("agent-s"));
    }

    @Test
    void failedAndCancelledExecutionsAreReleasedAndAnotherWorkspacesEventTouchesNothing() throws Exception {
        Fixtures.Account acc = Fixtures.account("team", 10_000);
        Fixtures.Account other = Fixtures.account("team", 10_000);
        String failed = hold(acc, 2_000);
        String cancelled = hold(acc, 1_000);
        String foreign = hold(other, 500);
        publish(acc, executed(acc, failed, "failed", 0));
        publish(acc, executed(acc, cancelled, "cancelled", 0));
        // names other's execution but comes from acc's workspace: the hold is looked up in acc's, not found
        publish(acc, executed(acc, foreign, "completed", 400));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> acc.asKey().get("/v1/credits").then()
                .body("balance", is(10_000), "reserved", is(0)));
        acc.asKey().get("/v1/credits/ledger?kind=refund").then().body("items.execution_id", contains(failed));
        acc.asKey().get("/v1/credits/ledger?kind=release").then().body("items.execution_id", contains(cancelled));
        // an event for a hold that was already refunded changes nothing
        publish(acc, executed(acc, failed, "completed", 700));
        String marker = hold(acc, 100);
        publish(acc, executed(acc, marker, "completed", 100));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> acc.asKey().get("/v1/credits").then()
                .body("balance", is(10_000 - 100), "reserved", is(0)));
        other.asKey().get("/v1/credits").then().body("balance", is(10_000), "reserved", is(500));
    }

    @Test
    void aBacklogOfEventsFromTwoWorkspacesSettlesEachHoldOnce() throws Exception {
        Fixtures.Account a = Fixtures.account("team", 100_000);
        Fixtures.Account b = Fixtures.account("team", 100_000);
        List<String> events = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(executed(a, hold(a, 1_000), "completed", 100));
            events.add(executed(b, hold(b, 1_000), i % 5 == 0 ? "failed" : "completed", 200));
        }
        try (KafkaProducer<String, String> producer = producer()) {
            for (String event : events) {
                producer.send(new ProducerRecord<>("test.execution.events", UUID.randomUUID().toString(), event));
                producer.send(new ProducerRecord<>("test.execution.events", UUID.randomUUID().toString(), event));
            }
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            a.asKey().get("/v1/credits").then().body("balance", is(100_000 - 25 * 100), "reserved", is(0));
            b.asKey().get("/v1/credits").then().body("balance", is(100_000 - 20 * 200), "reserved", is(0));
        });
        b.asKey().get("/v1/credits/ledger?kind=refund&limit=100").then().body("items.size()", is(5));
        b.asKey().get("/v1/credits/ledger?kind=capture&limit=100").then().body("items.size()", is(20));
    }

    private static RequestSpecification service(Fixtures.Account acc) {
        return given().auth().oauth2(TestTokens.token(acc.tenantId(), acc.workspaceId(), Set.of(Scopes.SERVICE),
                List.of())).contentType("application/json");
    }

    private static String hold(Fixtures.Account acc, long amount) {
        String id = "exec-" + UUID.randomUUID();
        service(acc).body(Map.of("execution_id", id, "amount", amount, "agent_id", "agent-s", "model", "sim-1"))
                .post("/internal/credits/reservations").then().statusCode(201);
        return id;
    }

    private static String executed(Fixtures.Account acc, String executionId, String status, long cost) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agent_id", "agent-s");
        data.put("execution_id", executionId);
        data.put("status", status);
        data.put("model", "sim-1");
        data.put("usage", Map.of("input_tokens", 40, "output_tokens", 60, "total_tokens", 100));
        data.put("cost", cost);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("type", "agent.executed");
        envelope.put("source", "execution-service");
        envelope.put("time", Instant.now().toString());
        envelope.put("tenant", acc.tenantId());
        envelope.put("workspace", acc.workspaceId());
        envelope.put("subject", executionId);
        envelope.put("data", data);
        return JSON.writeValueAsString(envelope);
    }

    private void publish(Fixtures.Account acc, String event) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("test.execution.events", acc.workspaceId(), event)).get();
        }
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }
}
