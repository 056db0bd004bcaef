package dev.agentplane.billing;

import dev.agentplane.kit.testing.TestDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The credit invariants across database faults: under a steady load of holds, captures and releases, every
 * connection of this test database is terminated again and again (pg_terminate_backend, filtered by datname:
 * nothing else on the shared server is touched). A request may fail only with 503 + Retry-After, and retried
 * with the same execution id it settles exactly once. Every other round the Redis connections of this test's
 * logical database are killed too (API-key cache, rate limits): the account ends with balance = grant − Σ captures,
 * nothing reserved, and each execution has one hold and one capture or release in the ledger (a release
 * for a failed run is booked as a refund).
 */
@QuarkusTest
class DatabaseFaultTest {
    private static final long GRANT = 100_000_000L;
    private static final int WORKERS = 4;
    private static final long RUN_MILLIS = 12_000;

    @Inject
    EntityManager em;

    @Inject
    RedisDataSource redis;

    private final AtomicLong redisKilled = new AtomicLong();
    private final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger unavailable = new AtomicInteger();

    @Test
    void holdsAreCapturedOrReleasedExactlyOnceAcrossTerminatedConnections() throws Exception {
        Fixtures.Account acc = Fixtures.account("team", GRANT);
        Map<String, Long> captured = new ConcurrentHashMap<>();
        List<String> executions = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong terminated = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            workers.add(pool.submit(() -> {
                for (int n = 0; running.get(); n++) {
                    String id = "fault-" + worker + "-" + n + "-" + UUID.randomUUID().toString().substring(0, 6);
                    executions.add(id);
                    long hold = 1_000 + n % 7 * 100;
                    untilAnswered(() -> acc.asService().body(Map.of("execution_id", id, "amount", hold))
                            .post("/internal/credits/reservations"), 201, 200);
                    if (n % 3 == 2) {
                        untilAnswered(() -> acc.asService().body(Map.of("reason", "failed"))
                                .post("/internal/credits/reservations/" + id + "/release"), 200);
                    } else {
                        long actual = hold - n % 5 * 10;
                        untilAnswered(() -> acc.asService().body(Map.of("amount", actual))
                                .post("/internal/credits/reservations/" + id + "/capture"), 200);
                        captured.put(id, actual);
                    }
                }
            }));
        }
        Future<?> faults = pool.submit(() -> {
            for (int round = 0; running.get(); round++) {
                sleep(700);
                try {
                    terminated.addAndGet(TestDatabase.terminateConnections(em));
                } catch (RuntimeException e) {
                    // the injector's own pooled connection was among those terminated last round
                }
                if (round % 2 == 1) {
                    redisKilled.addAndGet(killRedisClientsOfThisDatabase());
                }
            }
        });
        sleep(RUN_MILLIS);
        running.set(false);
        faults.get(30, TimeUnit.SECONDS);
        for (Future<?> w : workers) {
            w.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertTrue(unexpected.isEmpty(), "answers other than success or 503 + Retry-After: " + unexpected);
        assertTrue(terminated.get() > 5, "the faults terminated " + terminated.get() + " connections");
        assertTrue(executions.size() >= 8, "only " + executions.size() + " executions under load");
        long charged = captured.values().stream().mapToLong(Long::longValue).sum();
        // the last round may have left dead connections in the pool: the check reads as a client would, retrying a 503
        Response balance = null;
        for (int attempt = 0; attempt < 20 && (balance == null || balance.statusCode() == 503); attempt++) {
            balance = acc.asKey().get("/v1/credits");
            if (balance.statusCode() == 503) {
                sleep(200);
            }
        }
        assertEquals(200, balance.statusCode(), balance.asString());
        assertEquals(GRANT - charged, ((Number) balance.path("balance")).longValue(), "balance = grant − Σ captures");
        assertEquals(0L, ((Number) balance.path("reserved")).longValue(), "nothing left reserved");

        List<Object[]> perExecution = null;
        for (int attempt = 0; perExecution == null; attempt++) {
            try {
                perExecution = perExecution(acc.workspaceId());
            } catch (RuntimeException deadPooledConnection) {
                if (attempt == 5) {
                    throw deadPooledConnection;
                }
                sleep(300);
            }
        }
        assertEquals(executions.size(), perExecution.size(), "every execution is in the ledger");
        for (Object[] row : perExecution) {
            assertEquals(1L, ((Number) row[1]).longValue(), "one hold for " + row[0]);
            assertEquals(1L, ((Number) row[2]).longValue(), "one settlement for " + row[0]);
        }
        System.out.printf("database faults: %d executions, %d PostgreSQL and %d Redis connections killed, %d answers 503%n",
                executions.size(), terminated.get(), redisKilled.get(), unavailable.get());
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> perExecution(String workspaceId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                select execution_id, count(*) filter (where kind = 'reserve'),
                       count(*) filter (where kind in ('capture', 'release', 'refund'))
                from ledger_entry where workspace_id = ?1 and execution_id is not null group by execution_id""")
                .setParameter(1, workspaceId).getResultList());
    }

    /**
     * CLIENT KILL of this test's Redis connections only: those on its logical database (the server is shared),
     * one by one by id, never the connection that asks.
     */
    private int killRedisClientsOfThisDatabase() {
        try {
            String hosts = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getValue("quarkus.redis.hosts", String.class);
            if (!hosts.matches("[^,]*/\\d+$")) {
                return 0; // no database of its own named: it could be someone else's
            }
            String db = " db=" + hosts.substring(hosts.lastIndexOf('/') + 1) + " ";
            int killed = 0;
            for (String line : redis.execute("CLIENT", "LIST").toString().split("\n")) {
                if ((line + " ").contains(db) && line.startsWith("id=")) {
                    String id = line.substring(3, line.indexOf(' '));
                    killed += redis.execute("CLIENT", "KILL", "ID", id, "SKIPME", "yes").toInteger();
                }
            }
            return killed;
        } catch (RuntimeException e) {
            return 0; // the asking connection itself may have been dropped by a previous round
        }
    }

    /** Sends until the step is answered with one of {@code ok}; a 503 (with Retry-After) is retried, as a client would. */
    private void untilAnswered(Supplier<Response> send, int... ok) {
        for (int attempt = 0; attempt < 50; attempt++) {
            Response r;
            try {
                r = send.get();
            } catch (RuntimeException e) {
                unexpected.add("no answer: " + e);
                sleep(200);
                continue;
            }
            for (int status : ok) {
                if (r.statusCode() == status) {
                    return;
                }
            }
            if (r.statusCode() == 503 && r.header("Retry-After") != null) {
                unavailable.incrementAndGet();
                sleep(100);
                continue;
            }
            unexpected.add(r.statusCode() + " " + r.asString());
            return;
        }
        unexpected.add("still unavailable after 50 attempts");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
