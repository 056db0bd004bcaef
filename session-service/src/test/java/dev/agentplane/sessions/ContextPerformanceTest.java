package dev.agentplane.sessions;

import dev.agentplane.kit.testing.TestTokens;
import dev.agentplane.sessions.context.ContextService;
import dev.agentplane.sessions.support.Api;
import dev.agentplane.sessions.support.RegistryStub;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session with 10,000 messages (2,500 runs): the context call for the last 3 runs reads only
 * those runs through indexes, and takes about as long as for an empty session.
 */
@QuarkusTest
@QuarkusTestResource(RegistryStub.class)
class ContextPerformanceTest {
    private static final Logger LOG = Logger.getLogger(ContextPerformanceTest.class);
    private static final int RUNS = 2_500;

    @Inject
    EntityManager em;

    @Test
    void contextOfALongSessionUsesIndexesAndStaysFast() {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        String agent = Api.newAgent();
        String empty = Api.session(ws, agent);
        String big = Api.session(ws, agent);
        fill(big);

        given().auth().oauth2(ws.serviceToken()).when().get("/internal/sessions/" + big + "/context?history_runs=3")
                .then().statusCode(200).body("history", hasSize(12), "history.execution_id", contains(
                        "run-2498", "run-2498", "run-2498", "run-2498", "run-2499", "run-2499", "run-2499", "run-2499",
                        "run-2500", "run-2500", "run-2500", "run-2500"));

        String plan = explain(big);
        LOG.infof("history plan for 10,000 messages:%n%s", plan);
        assertFalse(plan.contains("Seq Scan on message"), plan);
        assertFalse(plan.contains("Seq Scan on session_run"), plan);
        assertTrue(plan.contains("message_run_position_uq"), plan);
        assertTrue(plan.contains("session_run_recent_idx") || plan.contains("session_run_pkey"), plan);

        double emptySql = executionMs(empty);
        double bigSql = executionMs(big);
        LOG.infof("history query, EXPLAIN ANALYZE execution time: empty session %.3f ms, 10,000 messages %.3f ms",
                emptySql, bigSql);
        assertTrue(bigSql < 20, "history query took " + bigSql + " ms");

        long[] ms = interleavedMedians(ws, empty, big);
        LOG.infof("context call over HTTP, median of 15 interleaved: empty session %d ms, 10,000 messages %d ms",
                ms[0], ms[1]);
        // generous bound for a shared 2-core machine: the query itself is checked precisely above
        assertTrue(ms[1] <= ms[0] * 3 + 25, "empty " + ms[0] + " ms, long " + ms[1] + " ms");
    }

    private void fill(String session) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("insert into session_run (session_id, execution_id) select ?1, 'run-' || r "
                    + "from generate_series(1, " + RUNS + ") r order by r").setParameter(1, session).executeUpdate();
            em.createNativeQuery("insert into message (id, session_id, execution_id, position, role, content, created_at) "
                    + "select 'msg_p' || r || '_' || p, ?1, 'run-' || r, p, "
                    + "case p when 0 then 'user' when 1 then 'assistant' when 2 then 'tool' else 'assistant' end, "
                    + "to_jsonb('message ' || r || '/' || p || ' ' || repeat('lorem ipsum ', 20)), now() "
                    + "from generate_series(1, " + RUNS + ") r, generate_series(0, 3) p order by r, p")
                    .setParameter(1, session).executeUpdate();
        });
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("analyze message").executeUpdate();
            em.createNativeQuery("analyze session_run").executeUpdate();
        });
    }

    private String explain(String session) {
        @SuppressWarnings("unchecked")
        List<Object> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "explain " + ContextService.HISTORY_SQL).setParameter(1, session).setParameter(2, 3).getResultList());
        return String.join("\n", rows.stream().map(Object::toString).toList());
    }

    /** The server-side execution time of the history query (median of 5 EXPLAIN ANALYZE runs). */
    private double executionMs(String session) {
        double[] ms = new double[5];
        for (int i = 0; i < ms.length; i++) {
            String plan = QuarkusTransaction.requiringNew().call(() -> String.join("\n", ((List<?>) em.createNativeQuery(
                    "explain analyze " + ContextService.HISTORY_SQL).setParameter(1, session).setParameter(2, 3)
                    .getResultList()).stream().map(Object::toString).toList()));
            String line = plan.lines().filter(l -> l.startsWith("Execution Time")).findFirst().orElseThrow();
            ms[i] = Double.parseDouble(line.replaceAll("[^0-9.]", ""));
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    /** Alternates calls to both sessions (after a warm-up) so that machine load hits both alike. */
    private static long[] interleavedMedians(TestTokens.Workspace ws, String... sessions) {
        long[][] ms = new long[sessions.length][15];
        String token = ws.serviceToken();
        for (int round = -5; round < 15; round++) {
            for (int s = 0; s < sessions.length; s++) {
                long start = System.nanoTime();
                given().auth().oauth2(token).when()
                        .get("/internal/sessions/" + sessions[s] + "/context?history_runs=3").then().statusCode(200);
                if (round >= 0) {
                    ms[s][round] = (System.nanoTime() - start) / 1_000_000;
                }
            }
        }
        long[] medians = new long[sessions.length];
        for (int s = 0; s < sessions.length; s++) {
            Arrays.sort(ms[s]);
            medians[s] = ms[s][7];
        }
        return medians;
    }
}
