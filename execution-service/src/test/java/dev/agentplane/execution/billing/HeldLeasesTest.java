package dev.agentplane.execution.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.config.InstanceId;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A replica killed with credit leases open: its next start (same host, new instance id) or, once its heartbeat has
 * stopped, any replica closes them in billing with what their executions drew, instead of their 15-minute expiry.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class HeldLeasesTest {
    @Inject
    HeldLeases held;
    @Inject
    Fakes fakes;
    @Inject
    EntityManager em;
    @ConfigProperty(name = InstanceId.KEY)
    String me;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void thePreviousIncarnationOfThisReplicaHasItsLeasesClosedWithWhatItsExecutionsDrew() throws Exception {
        String lease = lease(InstanceId.hostOf(me).orElseThrow() + "-0badcafe", "now()");
        execution(lease, 100);
        execution(lease, 250);
        execution(null, 999);

        held.closeOrphans();

        List<LoggedRequest> closes = closes(lease);
        assertEquals(1, closes.size());
        assertEquals(350, Fakes.JSON.readTree(closes.get(0).getBodyAsString()).path("drawn").asLong());
        JsonNode token = claims(closes.get(0).getHeader("Authorization"));
        assertEquals(ws.workspaceId(), token.path("workspace").asText());
        assertEquals(ws.tenantId(), token.path("tenant").asText());
        assertFalse(isHeld(lease), "forgotten once billing closed it");
    }

    @Test
    void anotherReplicasLeasesAreClosedOnlyOnceItsHeartbeatHasStopped() {
        String alive = "exec-alive-" + UUID.randomUUID().toString().substring(0, 6) + "-12345678";
        String dead = "exec-dead-" + UUID.randomUUID().toString().substring(0, 6) + "-12345678";
        beat(alive, "now()");
        beat(dead, "now() - interval '10 minutes'");
        String kept = lease(alive, "now() - interval '10 minutes'");
        String freed = lease(dead, "now() - interval '10 minutes'");
        String mine = lease(me, "now() - interval '10 minutes'");

        held.closeOrphans();

        assertEquals(1, closes(freed).size());
        assertTrue(closes(kept).isEmpty() && closes(mine).isEmpty());
        assertTrue(isHeld(kept) && isHeld(mine) && !isHeld(freed));
    }

    @Test
    void whenBillingCannotAnswerTheLeaseIsClosedAtALaterSweep() {
        String lease = lease(InstanceId.hostOf(me).orElseThrow() + "-0badcafe", "now()");
        fakes.wm().register(post(urlPathEqualTo("/internal/credits/leases/" + lease + "/close")).atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        held.closeOrphans();
        assertTrue(isHeld(lease));
        fakes.wm().register(post(urlPathEqualTo("/internal/credits/leases/" + lease + "/close")).atPriority(1)
                .willReturn(okJson("{\"lease_id\":\"" + lease + "\",\"status\":\"closed\"}")));
        held.closeOrphans();
        assertFalse(isHeld(lease));
    }

    private String lease(String runner, String grantedAt) {
        String id = "lease_" + UUID.randomUUID();
        fakes.wm().register(post(urlPathEqualTo("/internal/credits/leases/" + id + "/close"))
                .willReturn(okJson("{\"lease_id\":\"" + id + "\",\"status\":\"closed\"}")));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into credit_lease_held (lease_id, "
                        + "workspace_id, tenant_id, runner, granted_at) values (?1, ?2, ?3, ?4, " + grantedAt + ")")
                .setParameter(1, id).setParameter(2, ws.workspaceId()).setParameter(3, ws.tenantId())
                .setParameter(4, runner).executeUpdate());
        return id;
    }

    private void execution(String lease, long hold) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into execution (id, workspace_id, "
                        + "tenant_id, agent_id, status, mode, created_at, lease_id, hold_amount) "
                        + "values (?1, ?2, ?3, 'agent', 'completed', 'sync', now(), ?4, ?5)")
                .setParameter(1, "exec_" + UUID.randomUUID()).setParameter(2, ws.workspaceId())
                .setParameter(3, ws.tenantId()).setParameter(4, lease).setParameter(5, hold).executeUpdate());
    }

    private void beat(String runner, String at) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into execution_runner (id, heartbeat_at) "
                + "values (?1, " + at + ")").setParameter(1, runner).executeUpdate());
    }

    private boolean isHeld(String lease) {
        return QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery(
                "select 1 from credit_lease_held where lease_id = ?1").setParameter(1, lease).getResultList().isEmpty());
    }

    private List<LoggedRequest> closes(String lease) {
        return fakes.requests(postRequestedFor(urlPathEqualTo("/internal/credits/leases/" + lease + "/close")));
    }

    private static JsonNode claims(String bearer) throws Exception {
        String payload = bearer.substring("Bearer ".length()).split("\\.")[1];
        return Fakes.JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }
}
