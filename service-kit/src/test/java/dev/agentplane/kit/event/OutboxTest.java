package dev.agentplane.kit.event;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

/** Events leave through the outbox only when their transaction commits, with the envelope and headers. */
@QuarkusTest
class OutboxTest {
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @Inject
    EntityManager em;
    @Inject
    OutboxRelay relay;
    @Inject
    EventPublisher events;

    @Test
    void committedEventsReachKafkaAndRolledBackOnesNever() {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        String committed = "ok-" + UUID.randomUUID();
        String rolledBack = "rollback-" + UUID.randomUUID();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("test.agent.events"));
            consumer.poll(Duration.ofMillis(500));
            given().auth().oauth2(ws.token()).header("X-Request-Id", "req-outbox")
                    .when().post("/probe/events/" + rolledBack).then().statusCode(400);
            String eventId = given().auth().oauth2(ws.token()).header("X-Request-Id", "req-outbox")
                    .when().post("/probe/events/" + committed).then().statusCode(200).extract().path("event_id");

            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (seen.stream().noneMatch(r -> committed.equals(r.key())) && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            ConsumerRecord<String, String> record = seen.stream().filter(r -> committed.equals(r.key())).findFirst()
                    .orElseThrow(() -> new AssertionError("committed event never reached Kafka"));
            assertTrue(record.value().contains("\"id\":\"" + eventId + "\""), record.value());
            assertTrue(record.value().contains("\"workspace\":\"" + ws.workspaceId() + "\""), record.value());
            assertTrue(record.value().contains("\"type\":\"probe.happened\""), record.value());
            assertEquals("req-outbox", new String(record.headers().lastHeader("x-request-id").value()));
            assertTrue(seen.stream().noneMatch(r -> rolledBack.equals(r.key())), "a rolled-back event was sent");
        }
    }

    @Test
    void eventsOfOneTransactionLeaveInTheirOrderAndLeaveTheTable() {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        String subject = "many-" + UUID.randomUUID();
        int count = 250; // more than one relay batch (200)
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("test.agent.events"));
            consumer.poll(Duration.ofMillis(500));
            given().auth().oauth2(ws.token()).queryParam("count", count)
                    .when().post("/probe/events/" + subject).then().statusCode(200);

            List<String> values = valuesOf(consumer, subject, count, Duration.ofSeconds(20));
            assertSentOnceInOrder(values, count);
        }
        long left = ((Number) em.createNativeQuery("select count(*) from outbox_event where event_key = ?1")
                .setParameter(1, subject).getSingleResult()).longValue();
        assertEquals(0, left, "rows left in the outbox after they were sent");
    }

    @Test
    void relaysOfSeveralReplicasDrainingAtOnceKeepAKeysEventsInOrder() throws Exception {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        String subject = "replicas-" + UUID.randomUUID();
        int count = 1_000; // five relay batches
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService otherReplicas = Executors.newFixedThreadPool(4);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("test.agent.events"));
            consumer.poll(Duration.ofMillis(500));
            List<Future<?>> relays = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                relays.add(otherReplicas.submit(() -> {
                    while (!done.get()) {
                        if (relay.drainBatch() == 0) {
                            Thread.sleep(1);
                        }
                    }
                    return null;
                }));
            }
            given().auth().oauth2(ws.token()).queryParam("count", count)
                    .when().post("/probe/events/" + subject).then().statusCode(200);

            List<String> values = valuesOf(consumer, subject, count, Duration.ofSeconds(30));
            done.set(true);
            for (Future<?> r : relays) {
                r.get(30, TimeUnit.SECONDS);
            }
            assertSentOnceInOrder(values, count);
        } finally {
            done.set(true);
            otherReplicas.shutdownNow();
        }
    }

    @Test
    void aRowCommittedAfterALaterOneWasSentStillLeaves() throws Exception {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        String straggler = "straggler-" + UUID.randomUUID();
        String later = "later-" + UUID.randomUUID();
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService slowTransaction = Executors.newSingleThreadExecutor();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("test.agent.events"));
            consumer.poll(Duration.ofMillis(500));
            // takes its seq first, commits last: the relay has sent a later row by then
            Future<?> slow = slowTransaction.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                events.publish(Topics.AGENT_EVENTS, straggler, "probe.happened", ws.tenantId(), ws.workspaceId(),
                        straggler, Map.of("n", 0));
                written.countDown();
                await(commit);
            }));
            assertTrue(written.await(10, TimeUnit.SECONDS));
            given().auth().oauth2(ws.token()).when().post("/probe/events/" + later).then().statusCode(200);
            assertEquals(1, valuesOf(consumer, later, 1, Duration.ofSeconds(20)).size(), "the later row was sent");

            commit.countDown();
            slow.get(10, TimeUnit.SECONDS);
            assertEquals(1, valuesOf(consumer, straggler, 1, Duration.ofSeconds(20)).size(),
                    "a row committed after a later one was sent never left the outbox");
        } finally {
            commit.countDown();
            slowTransaction.shutdownNow();
        }
    }

    @Test
    void theSafetyNetSendsARowWhoseCommitWokeNoDrain() {
        String orphan = "orphan-" + UUID.randomUUID();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("test.agent.events"));
            consumer.poll(Duration.ofMillis(500));
            // as a process leaves it that stopped between its commit and the drain it asked for
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into outbox_event "
                            + "(id, topic, event_key, event_type, payload) values (?1, 'test.agent.events', ?2, "
                            + "'probe.happened', '{\"n\":0}')")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, orphan).executeUpdate());
            assertEquals(0, valuesOf(consumer, orphan, 1, Duration.ofSeconds(2)).size(), "sent before the safety net ran");

            relay.poll();

            assertEquals(1, valuesOf(consumer, orphan, 1, Duration.ofSeconds(20)).size(), "the safety net did not send it");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The values of the subject's events, once {@code count} have come or {@code within} has passed. */
    private static List<String> valuesOf(KafkaConsumer<String, String> consumer, String subject, int count,
                                         Duration within) {
        List<String> values = new ArrayList<>();
        long deadline = System.currentTimeMillis() + within.toMillis();
        while (values.size() < count && System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (subject.equals(r.key())) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static void assertSentOnceInOrder(List<String> values, int count) {
        assertEquals(count, values.size(), "events sent (each once)");
        for (int n = 0; n < count; n++) {
            assertTrue(values.get(n).matches(".*\"n\":" + n + "[,}].*"), "event " + n + " out of order: " + values.get(n));
        }
    }

    private KafkaConsumer<String, String> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "outbox-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }
}
