package dev.agentplane.billing;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.agentplane.billing.ExecutionEvents.executed;
import static dev.agentplane.billing.Fixtures.hold;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

/** Holds are settled from agent.executed on the real broker: charged, refunded, released, each once, a poll at a time. */
@QuarkusTest
class ExecutionSettlementTest {
    @Inject
    ExecutionEvents events;

    @Test
    void aCompletedExecutionIsChargedItsCostOnceHoweverOftenTheEventArrives() throws Exception {
        Fixtures.Account acc = Fixtures.account("team", 10_000);
        String id = hold(acc, 3_000);
        String event = executed(acc, id, "completed", 1_234);
        events.publish(acc, event);
        events.publish(acc, event);
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
        events.publish(acc, executed(acc, failed, "failed", 0));
        events.publish(acc, executed(acc, cancelled, "cancelled", 0));
        // names other's execution but comes from acc's workspace: the hold is looked up in acc's, not found
        events.publish(acc, executed(acc, foreign, "completed", 400));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> acc.asKey().get("/v1/credits").then()
                .body("balance", is(10_000), "reserved", is(0)));
        acc.asKey().get("/v1/credits/ledger?kind=refund").then().body("items.execution_id", contains(failed));
        acc.asKey().get("/v1/credits/ledger?kind=release").then().body("items.execution_id", contains(cancelled));
        // an event for a hold that was already refunded changes nothing
        events.publish(acc, executed(acc, failed, "completed", 700));
        String marker = hold(acc, 100);
        events.publish(acc, executed(acc, marker, "completed", 100));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> acc.asKey().get("/v1/credits").then()
                .body("balance", is(10_000 - 100), "reserved", is(0)));
        other.asKey().get("/v1/credits").then().body("balance", is(10_000), "reserved", is(500));
    }

    @Test
    void aRunStoppedPartWayIsChargedWhatItReportsUsing() throws Exception {
        Fixtures.Account acc = Fixtures.account("team", 10_000);
        String stopped = hold(acc, 1_000);
        events.publish(acc, executed(acc, stopped, "failed", 300));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> acc.asKey().get("/v1/credits").then()
                .body("balance", is(10_000 - 300), "reserved", is(0)));
        acc.asKey().get("/v1/credits/ledger?kind=capture").then().body("items.execution_id", contains(stopped));
    }

    @Test
    void aBacklogOfEventsFromTwoWorkspacesSettlesEachHoldOnce() throws Exception {
        Fixtures.Account a = Fixtures.account("team", 100_000);
        Fixtures.Account b = Fixtures.account("team", 100_000);
        List<String> backlog = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            backlog.add(executed(a, hold(a, 1_000), "completed", 100));
            // a provider's failure reports no cost (refunded); a run stopped part-way reports what it used
            backlog.add(i % 5 == 0 ? executed(b, hold(b, 1_000), "failed", 0) : executed(b, hold(b, 1_000), "completed", 200));
        }
        try (KafkaProducer<String, String> producer = events.producer()) {
            for (String event : backlog) {
                producer.send(new ProducerRecord<>(ExecutionEvents.TOPIC, UUID.randomUUID().toString(), event));
                producer.send(new ProducerRecord<>(ExecutionEvents.TOPIC, UUID.randomUUID().toString(), event));
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
}
