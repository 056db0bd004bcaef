package dev.agentplane.execution;

import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestDatabase;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Runs across database faults (issue 24): while every connection of this test database is terminated again and
 * again (pg_terminate_backend, filtered by datname), sync executes answer 200 or 503 + Retry-After, never 500, and
 * no run is left in_progress: the writes that end a run are tried again across the blip.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class DatabaseFaultTest {
    private static final int WORKERS = 4;

    @Inject
    Fakes fakes;
    @Inject
    EntityManager em;

    @Test
    void noRunIsLeftInProgressByADatabaseThatKeepsDroppingItsConnections() throws Exception {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        String agent = fakes.agent(ws);
        String marker = Fakes.marker();
        fakes.llmSlow(marker, "done", 2, 2, 60);
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        AtomicLong answered = new AtomicLong();
        AtomicLong unavailable = new AtomicLong();
        AtomicLong terminated = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
        List<Future<?>> tasks = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            tasks.add(pool.submit(() -> {
                while (running.get()) {
                    Response r = given().auth().oauth2(ws.token()).contentType("application/json")
                            .body(Map.of("message", marker + " go")).when().post("/v1/agents/" + agent + "/execute");
                    if (r.statusCode() == 200) {
                        answered.incrementAndGet();
                    } else if (r.statusCode() == 503 && r.header("Retry-After") != null) {
                        unavailable.incrementAndGet();
                    } else {
                        unexpected.add(r.statusCode() + " " + r.asString());
                    }
                }
            }));
        }
        tasks.add(pool.submit(() -> {
            for (int round = 0; round < 12; round++) {
                sleep(700);
                try {
                    terminated.addAndGet(TestDatabase.terminateConnections(em));
                } catch (RuntimeException e) {
                    // this thread's own pooled connection was among those terminated last round
                }
            }
            running.set(false);
        }));
        for (Future<?> task : tasks) {
            task.get(3, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertTrue(unexpected.isEmpty(), "answers other than 200 or 503 + Retry-After: " + unexpected);
        assertTrue(terminated.get() > 5, "the faults terminated " + terminated.get() + " connections");
        assertTrue(answered.get() >= 8, "only " + answered.get() + " executions answered under the faults");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertEquals(0L, ((Number) QuarkusTransaction
                .requiringNew().call(() -> em.createNativeQuery("select count(*) from execution where workspace_id = ?1"
                        + " and status in ('pending', 'in_progress')").setParameter(1, ws.workspaceId())
                        .getSingleResult())).longValue(), "runs left in_progress"));
        System.out.printf("database faults: %d answered, %d answers 503, %d connections terminated%n", answered.get(),
                unavailable.get(), terminated.get());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
