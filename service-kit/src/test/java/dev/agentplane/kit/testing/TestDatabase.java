package dev.agentplane.kit.testing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;

/** Database faults for tests, confined to the test's own database: nothing else on the shared server is touched. */
public final class TestDatabase {
    private TestDatabase() {
    }

    /**
     * Terminates every other connection to this test's database (pg_terminate_backend, filtered by datname), as a
     * restart or a failover would; answers how many. The caller's own pooled connection may be among those a
     * previous call terminated: then this call fails, and the next one goes through.
     */
    public static long terminateConnections(EntityManager em) {
        return ((Number) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity"
                        + " where datname = current_database() and pid <> pg_backend_pid()")
                .getSingleResult())).longValue();
    }
}
