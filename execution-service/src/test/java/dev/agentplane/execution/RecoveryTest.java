package dev.agentplane.execution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.execution.ExecutionEntity;
import dev.agentplane.execution.guard.SessionLocks;
import dev.agentplane.execution.recovery.AbandonedExecutions;
import dev.agentplane.execution.recovery.Replica;
import dev.agentplane.execution.support.ExecutionEventsReader;
import dev.agentplane.execution.support.Sse;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Executions that no replica will finish are failed, with their events, the end of their stream and their
 * session back; the runs of a replica that is still beating are left alone. The test profile sweeps every
 * second; these tests write the rows a crashed replica would have left.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class RecoveryTest {
    @Inject
    EntityManager em;
    @Inject
    Replica replica;
    @Inject
    AbandonedExecutions sweeper;
    @Inject
    SessionLocks locks;
    @Inject
    RedisDataSource redis;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void aRunWhoseReplicaWentSilentFailsEndsItsStreamAndFreesItsSession() {
        Instant fiveMinutesAgo = Instant.now().minus(Duration.ofMinutes(5));
        String gone = "gone-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "insert into execution_runner (id, heartbeat_at) values (?1, ?2)")
                .setParameter(1, gone).setParameter(2, Timestamp.from(fiveMinutesAgo)).executeUpdate());
        String session = "ses_" + UUID.randomUUID();
        try (ExecutionEventsReader events = new ExecutionEventsReader(kafkaConfig)) {
            String id = row("in_progress", gone, fiveMinutesAgo, session);
            locks.acquire(ws.workspaceId(), session, id, false);
            var stream = redis.stream(String.class, String.class, String.class);
            stream.xadd("exec:stream:" + id, new XAddArgs().id("1-0"), Map.of("type", "start", "json", "{\"seq\":1}"));
            stream.xadd("exec:stream:" + id, new XAddArgs().id("2-0"), Map.of("type", "text", "json", "{\"seq\":2}"));

            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id).then().statusCode(200)
                            .body("status", is("failed"), "error.code", is("EXECUTION_ABANDONED")));

            List<JsonNode> published = events.await(id, 2);
            assertEquals(List.of("execution.failed", "agent.executed"), events.types(id));
            // billing frees the hold from a failed agent.executed: nothing is charged
            assertEquals("failed", published.get(1).path("data").path("status").asText());
            List<Sse.Event> replay = Sse.parse(given().auth().oauth2(ws.token())
                    .when().get("/v1/executions/" + id + "/events").then().statusCode(200).extract().asString());
            Sse.Event last = replay.get(replay.size() - 1);
            assertEquals(List.of("1", "2", "3"), replay.stream().map(Sse.Event::id).toList());
            assertEquals("error", last.type());
            assertEquals("EXECUTION_ABANDONED", last.data().getString("code"));
            assertDoesNotThrow(() -> locks.acquire(ws.workspaceId(), session, "the-next-run", false),
                    "the session is free again");
        }
    }

    @Test
    void runsOfAnotherBeatingReplicaAndRecentRunsOfOlderVersionsAreLeftAlone() {
        Instant fiveMinutesAgo = Instant.now().minus(Duration.ofMinutes(5));
        String beating = "beating-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "insert into execution_runner (id, heartbeat_at) values (?1, now())")
                .setParameter(1, beating).executeUpdate());
        String theirs = row("in_progress", beating, fiveMinutesAgo, null);
        String unownedRecent = row("in_progress", null, fiveMinutesAgo, null);
        String unownedOld = row("in_progress", null, Instant.now().minus(Duration.ofHours(2)), null);

        sweeper.sweep();

        assertEquals("in_progress", status(theirs), "its replica is alive: it runs it");
        assertEquals("in_progress", status(unownedRecent), "a replica of the version before may still run it");
        assertEquals("failed", status(unownedOld));
    }

    @Test
    void aRunOfThisReplicaThatNoThreadOfItRunsIsEndedAsNotRecorded() {
        // what a run leaves when its thread gave up recording its end (the database away for longer than its retries)
        String mine = row("in_progress", replica.id(), Instant.now().minus(Duration.ofMinutes(5)), null);

        // seen so by two sweeps (a run answered here is in_progress a moment before its thread starts)
        sweeper.sweep();
        sweeper.sweep();

        given().auth().oauth2(ws.token()).when().get("/v1/executions/" + mine).then().statusCode(200)
                .body("status", is("failed"), "error.code", is("EXECUTION_END_NOT_RECORDED"));
    }

    @Test
    void anAsyncExecutionNeverStartedFailsAfterThePendingTimeout() {
        String id = row("pending", null, Instant.now().minus(Duration.ofMinutes(11)), null);

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(ws.token()).when().get("/v1/executions/" + id).then().statusCode(200)
                        .body("status", is("failed"), "error.code", is("EXECUTION_NOT_STARTED")));
        List<Sse.Event> replay = Sse.parse(given().auth().oauth2(ws.token())
                .when().get("/v1/executions/" + id + "/events").then().statusCode(200).extract().asString());
        assertEquals(1, replay.size());
        assertEquals("EXECUTION_NOT_STARTED", replay.get(0).data().getString("code"));
        TestTokens.Workspace other = TestTokens.newWorkspace();
        given().auth().oauth2(other.token()).when().get("/v1/executions/" + id).then().statusCode(404);
    }

    @Test
    void thisReplicaBeatsEverySecondInTheTestProfile() throws Exception {
        Instant first = lastBeat();
        Thread.sleep(2_500);
        assertTrue(lastBeat().isAfter(first), "the heartbeat did not advance");
        assertTrue(replica.id().matches("[\\w.-]+-[0-9a-f]{8}"), replica.id());
    }

    private Instant lastBeat() {
        return QuarkusTransaction.requiringNew().call(() -> (Instant) em.createNativeQuery(
                "select heartbeat_at from execution_runner where id = ?1").setParameter(1, replica.id())
                .getSingleResult());
    }

    private String row(String status, String runner, Instant at, String sessionId) {
        ExecutionEntity e = new ExecutionEntity();
        e.id = UUID.randomUUID().toString();
        e.workspaceId = ws.workspaceId();
        e.tenantId = ws.tenantId();
        e.agentId = "agent-recovery";
        e.agentVersion = 1;
        e.sessionId = sessionId;
        e.status = status;
        e.mode = "async";
        e.model = "sim-1";
        e.runner = runner;
        e.createdAt = at;
        e.startedAt = "pending".equals(status) ? null : at;
        QuarkusTransaction.requiringNew().run(() -> em.persist(e));
        return e.id;
    }

    private String status(String id) {
        return QuarkusTransaction.requiringNew().call(() -> em.find(ExecutionEntity.class, id).status);
    }
}
