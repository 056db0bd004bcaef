package dev.agentplane.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.agentplane.billing.CreditLeaseTest.close;
import static dev.agentplane.billing.CreditLeaseTest.grant;
import static dev.agentplane.billing.ExecutionEvents.drawn;
import static dev.agentplane.billing.ExecutionEvents.executed;
import static dev.agentplane.billing.Fixtures.hold;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Executions that drew their hold from a lease settle against it from agent.executed, before and after it expires. */
@QuarkusTest
class LeaseSettlementTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ExecutionEvents events;
    @Inject
    EntityManager em;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private static String exec() {
        return "exec-" + UUID.randomUUID();
    }

    @Test
    void drawsSettleAgainstTheLeaseOnceAndTheCloseReleasesTheRest() throws Exception {
        Fixtures.Account acc = Fixtures.account("team", 1_000_000);
        String lease = grant(acc, 100_000);
        String completed = exec();
        String failed = exec();
        String cancelled = exec();
        List<JsonNode> published;
        try (KafkaConsumer<String, String> billingEvents = billingEventsFromNow()) {
            String event = drawn(acc, completed, "completed", 4_000, lease, 10_000);
            events.publish(acc, event, drawn(acc, failed, "failed", 0, lease, 5_000),
                    drawn(acc, cancelled, "cancelled", 0, lease, 3_000), event);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> acc.asKey().get("/v1/credits").then()
                    .body("balance", is(996_000), "reserved", is(100_000 - 18_000), "available", is(996_000 - 82_000)));
            published = eventsOf(acc, billingEvents, 3);
        }
        // one event per execution, the redelivered one included
        assertThat(published.stream().map(e -> e.get("type").asText() + " " + e.get("data").get("execution_id").asText())
                .toList(), containsInAnyOrder("credits.charged " + completed, "credits.refunded " + failed,
                "credits.refunded " + cancelled));
        JsonNode charged = published.stream().filter(e -> e.get("type").asText().equals("credits.charged")).findFirst()
                .orElseThrow().get("data");
        assertEquals(List.of(4_000L, 6_000L), List.of(charged.get("charged").asLong(), charged.get("released").asLong()));
        acc.asKey().get("/v1/credits/ledger?execution_id=" + completed).then()
                .body("items.kind", contains("capture"), "items[0].amount", is(-4_000),
                        "items[0].reserved_change", is(-10_000), "items[0].balance_after", is(996_000));
        acc.asKey().get("/v1/credits/ledger?kind=refund").then()
                .body("items.execution_id", contains(failed), "items[0].amount", is(0), "items[0].reserved_change", is(-5_000));
        acc.asKey().get("/v1/credits/ledger?kind=release").then()
                .body("items.execution_id", contains(cancelled), "items[0].note", is("cancelled"));
        acc.asKey().get("/v1/usage").then().body("totals.executions", is(3), "totals.credits", is(4_000),
                "totals.input_tokens", is(40), "agents[0].key", is("agent-s"), "models[0].key", is("sim-1"));

        close(acc, lease, 18_000).statusCode(200).body("status", is("closed"), "settled", is(18_000),
                "released_now", is(82_000), "available", is(996_000));
        // redelivered after the close: still settled once (a hold of its own settles after it, as a marker)
        String marker = hold(acc, 100);
        events.publish(acc, drawn(acc, completed, "completed", 4_000, lease, 10_000), executed(acc, marker, "completed", 100));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> acc.asKey().get("/v1/credits").then()
                .body("balance", is(996_000 - 100), "reserved", is(0)));
        acc.asKey().get("/v1/credits/ledger?kind=capture").then().body("items", hasSize(2));
    }

    @Test
    void aBacklogMixingDrawsAndHoldsOfTheirOwnSettlesEachOnce() throws Exception {
        Fixtures.Account acc = Fixtures.account("team", 1_000_000);
        String lease = grant(acc, 200_000);
        List<String> backlog = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // a provider's failure reports no cost (refunded)
            backlog.add(i % 4 == 0 ? drawn(acc, exec(), "failed", 0, lease, 5_000) : drawn(acc, exec(), "completed", 1_000, lease, 5_000));
            backlog.add(executed(acc, hold(acc, 2_000), "completed", 500));
        }
        try (KafkaProducer<String, String> producer = events.producer()) {
            for (String event : backlog) {
                producer.send(new ProducerRecord<>(ExecutionEvents.TOPIC, UUID.randomUUID().toString(), event));
                producer.send(new ProducerRecord<>(ExecutionEvents.TOPIC, UUID.randomUUID().toString(), event));
            }
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> acc.asKey().get("/v1/credits").then()
                .body("balance", is(1_000_000 - 15 * 1_000 - 20 * 500), "reserved", is(200_000 - 20 * 5_000)));
        acc.asKey().get("/v1/credits/ledger?kind=capture&limit=100").then().body("items", hasSize(35));
        acc.asKey().get("/v1/credits/ledger?kind=refund&limit=100").then().body("items", hasSize(5));
        close(acc, lease, 100_000).statusCode(200).body("settled", is(100_000), "released_now", is(100_000));
        acc.asKey().get("/v1/credits").then().body("reserved", is(0));
    }

    @Test
    void drawsFromALeaseTheWorkspaceDoesNotHaveAreNotSettled() throws Exception {
        Fixtures.Account acc = Fixtures.account("team", 100_000);
        Fixtures.Account other = Fixtures.account("team", 100_000);
        String theirs = grant(other, 10_000);
        String foreign = exec();
        String unknown = exec();
        String marker = hold(acc, 100);
        events.publish(acc, drawn(acc, foreign, "completed", 500, theirs, 1_000),
                drawn(acc, unknown, "completed", 500, "lease_nope", 1_000), executed(acc, marker, "completed", 100));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> acc.asKey().get("/v1/credits").then()
                .body("balance", is(100_000 - 100), "reserved", is(0)));
        acc.asKey().get("/v1/credits/ledger?kind=capture").then().body("items.execution_id", contains(marker));
        acc.asKey().get("/v1/usage").then().body("totals.executions", is(1));
        other.asKey().get("/v1/credits").then().body("balance", is(100_000), "reserved", is(10_000));
    }

    @Test
    void aClosedLeaseExpiresWithItsUnsettledDrawsWhichThenChargeTheBalanceOnly() throws Exception {
        Fixtures.Account acc = Fixtures.account("team", 1_000_000);
        String lease = grant(acc, 100_000);
        String early = exec();
        String late = exec();
        String lateFailed = exec();
        events.publish(acc, drawn(acc, early, "completed", 4_000, lease, 10_000));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> acc.asKey().get("/v1/credits").then()
                .body("balance", is(996_000), "reserved", is(90_000)));
        close(acc, lease, 30_000).statusCode(200).body("settled", is(10_000), "released_now", is(70_000));
        close(acc, lease, 5_000).statusCode(200).body("drawn", is(30_000), "released_now", is(0));

        expireNow(lease);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> acc.asKey().get("/v1/credits").then()
                .body("balance", is(996_000), "reserved", is(0)));
        acc.asKey().get("/v1/credits/ledger?kind=lease-expired").then()
                .body("items.reserved_change", contains(-20_000), "items.note", contains(lease));
        close(acc, lease, 30_000).statusCode(200).body("status", is("expired"), "settled", is(10_000), "released_now", is(0));

        events.publish(acc, drawn(acc, late, "completed", 7_000, lease, 10_000),
                drawn(acc, lateFailed, "failed", 0, lease, 10_000));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> acc.asKey().get("/v1/credits/ledger?kind=refund")
                .then().body("items.execution_id", contains(lateFailed), "items[0].reserved_change", is(0)));
        acc.asKey().get("/v1/credits").then().body("balance", is(989_000), "reserved", is(0));
        acc.asKey().get("/v1/credits/ledger?execution_id=" + late).then()
                .body("items.kind", contains("capture"), "items[0].amount", is(-7_000), "items[0].reserved_change", is(0));
        close(acc, lease, 30_000).statusCode(200).body("settled", is(10_000));
    }

    @Test
    void aDrawSettledAfterExpiryIsChargedNoMoreThanIsAvailable() throws Exception {
        Fixtures.Account acc = Fixtures.account("team", 100_000);
        String lease = grant(acc, 20_000);
        expireNow(lease);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> acc.asKey().get("/v1/credits").then()
                .body("reserved", is(0)));
        acc.asKey().get("/v1/credits/ledger?kind=lease-expired").then().body("items.reserved_change", contains(-20_000));
        // the released credits are held by others meanwhile: 3 000 are left when the draw's 5 000 settle
        String others = hold(acc, 97_000);
        String draw = exec();
        events.publish(acc, drawn(acc, draw, "completed", 5_000, lease, 20_000));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> acc.asKey().get("/v1/credits").then()
                .body("balance", is(97_000), "reserved", is(97_000), "available", is(0)));
        acc.asKey().get("/v1/credits/ledger?execution_id=" + draw).then().body("items[0].amount", is(-3_000),
                "items[0].reserved_change", is(0), "items[0].note", is("capped at the available credits; requested 5000"));
        // the settlement goes on
        events.publish(acc, executed(acc, others, "completed", 1_000));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> acc.asKey().get("/v1/credits").then()
                .body("balance", is(96_000), "reserved", is(0)));
    }

    /** Ages the lease past its expiry, so the next sweep (every second in tests) takes it. */
    private void expireNow(String leaseId) {
        QuarkusTransaction.requiringNew().run(() -> assertEquals(1, em.createNativeQuery(
                        "update credit_lease set expires_at = now() - interval '1 second' where id = ?1")
                .setParameter(1, leaseId).executeUpdate()));
    }

    /** A consumer of billing.events from its current end: it sees only what is published from now on. */
    private KafkaConsumer<String, String> billingEventsFromNow() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        List<TopicPartition> partitions = consumer.partitionsFor("test.billing.events").stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /** The workspace's events: at least {@code expected}, and whatever else arrives within a second after them. */
    private static List<JsonNode> eventsOf(Fixtures.Account acc, KafkaConsumer<String, String> consumer, int expected)
            throws Exception {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        long quietUntil = Long.MAX_VALUE;
        while (System.currentTimeMillis() < Math.min(deadline, quietUntil)) {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                if (acc.workspaceId().equals(record.key())) {
                    seen.add(JSON.readTree(record.value()));
                }
            }
            if (seen.size() >= expected && quietUntil == Long.MAX_VALUE) {
                quietUntil = System.currentTimeMillis() + 1_000;
            }
        }
        return seen;
    }
}
