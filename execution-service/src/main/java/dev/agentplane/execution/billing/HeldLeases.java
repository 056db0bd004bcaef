package dev.agentplane.execution.billing;

import dev.agentplane.execution.client.DependencyErrors;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.config.InstanceId;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The credit leases this replica holds, written down beside its executions, so that a replica that dies
 * (kill -9, a lost node) does not leave its leases reserved in billing until they expire (15 minutes): its next
 * start — the same host name, a new instance id — closes them at once, and any replica closes those of a replica
 * whose heartbeat has stopped for {@code abandon-after}. A lease is closed with what its executions drew: the sum
 * of the holds their rows name (a draw whose row was never written never ran). The close is idempotent in billing,
 * so two replicas sweeping at once do no harm.
 */
@ApplicationScoped
public class HeldLeases {
    private static final Logger LOG = Logger.getLogger(HeldLeases.class);
    private static final int BATCH = 50;
    private static final String ORPHANS = "select h.lease_id, h.workspace_id, h.tenant_id from credit_lease_held h "
            + "where h.runner <> ?1 and ((h.runner ~ '-[0-9a-f]{8}$' and left(h.runner, -9) = ?2) "
            + "or (h.granted_at < now() - ?3 * interval '1 millisecond' and not exists (select 1 from execution_runner r "
            + "where r.id = h.runner and r.heartbeat_at >= now() - ?3 * interval '1 millisecond'))) limit " + BATCH;

    @Inject
    EntityManager em;
    @Inject
    @RestClient
    BillingApi api;

    @ConfigProperty(name = InstanceId.KEY)
    String me;
    @ConfigProperty(name = "agentplane.executions.abandon-after", defaultValue = "60s")
    Duration abandonAfter;

    /** Writes down a lease billing just granted to this replica (before anything is drawn from it). */
    void held(String leaseId, Caller caller) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into credit_lease_held "
                        + "(lease_id, workspace_id, tenant_id, runner, granted_at) values (?1, ?2, ?3, ?4, now()) "
                        + "on conflict (lease_id) do nothing")
                .setParameter(1, leaseId).setParameter(2, caller.workspaceId()).setParameter(3, caller.tenantId())
                .setParameter(4, me).executeUpdate());
    }

    /** The lease is closed in billing: nothing is left to do for it. */
    void closed(String leaseId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from credit_lease_held where lease_id = ?1")
                .setParameter(1, leaseId).executeUpdate());
    }

    /** Closes the leases of dead replicas: at start (this host's previous incarnation) and every sweep after. */
    @Scheduled(every = "${agentplane.credits.leases.orphan-sweep-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeOrphans() {
        String host = InstanceId.hostOf(me).orElse(me);
        List<Object[]> orphans = QuarkusTransaction.requiringNew().call(() -> rows(em.createNativeQuery(ORPHANS)
                .setParameter(1, me).setParameter(2, host).setParameter(3, abandonAfter.toMillis()).getResultList()));
        for (Object[] orphan : orphans) {
            closeOrphan((String) orphan[0], new Caller("service:execution-service", (String) orphan[2],
                    (String) orphan[1], Set.of(), null, Set.of(), null));
        }
    }

    private void closeOrphan(String leaseId, Caller caller) {
        long drawn = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select coalesce(sum(hold_amount), 0) from execution where lease_id = ?1")
                .setParameter(1, leaseId).getSingleResult()).longValue());
        try {
            api.closeLease(caller, leaseId, new BillingApi.CloseLeaseBody(drawn));
        } catch (DependencyErrors.Refused e) {
            // 404: billing no longer knows it, 400: its settlements disagree with our rows; either way nothing to free
            LOG.warnf("billing refused to close orphaned credit lease %s (%d %s); forgetting it", leaseId,
                    e.refusedWith(), e.refusalCode());
        } catch (RuntimeException unavailable) {
            LOG.warnf("could not close orphaned credit lease %s (%s); trying again at the next sweep", leaseId,
                    unavailable.getMessage());
            return;
        }
        LOG.infof("closed credit lease %s of a replica that stopped, with %d drawn", leaseId, drawn);
        closed(leaseId);
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(List<?> result) {
        return (List<Object[]>) result;
    }
}
