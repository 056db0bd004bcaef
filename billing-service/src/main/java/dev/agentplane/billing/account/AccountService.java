package dev.agentplane.billing.account;

import dev.agentplane.billing.Ids;
import dev.agentplane.billing.account.AccountRecords.*;
import dev.agentplane.billing.credits.CreditService;
import dev.agentplane.kit.apikey.BillingEventsListener;
import dev.agentplane.kit.data.AfterCommit;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.event.EventPublisher;
import dev.agentplane.kit.event.Topics;
import dev.agentplane.kit.ratelimit.RateLimitPolicies;
import dev.agentplane.kit.ratelimit.TierLimits;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Tenants, workspaces and their tiers; publishes effective limits to where every service reads them. */
@ApplicationScoped
public class AccountService {
    private static final Logger LOG = Logger.getLogger(AccountService.class);
    private static final Duration REDIS_WAIT = Duration.ofSeconds(3);

    @Inject
    RateLimitPolicies policies;
    @Inject
    EventPublisher events;
    @Inject
    AfterCommit afterCommit;
    @Inject
    CreditService credits;

    @Transactional
    void publishTiers(@Observes StartupEvent start) {
        Map<String, TierLimits> table = new HashMap<>();
        Tier.<Tier>listAll().forEach(t -> table.put(t.name, t.limits()));
        try {
            policies.putTiers(table).await().atMost(REDIS_WAIT);
        } catch (RuntimeException e) {
            LOG.warnf("could not publish the tier table to Redis: %s", e.getMessage());
        }
    }

    @Transactional
    public TenantView createTenant(CreateTenant request) {
        Tenant tenant = new Tenant();
        tenant.id = Ids.next("ten_");
        tenant.name = request.name().strip();
        tenant.createdAt = Instant.now();
        tenant.persist();
        return TenantView.of(tenant);
    }

    @Transactional
    public TenantView tenant(String id) {
        return TenantView.of(requireTenant(id));
    }

    @Transactional
    public WorkspaceView createWorkspace(String tenantId, CreateWorkspace request) {
        Tenant tenant = requireTenant(tenantId);
        Workspace ws = new Workspace();
        ws.id = Ids.next("ws_");
        ws.tenantId = tenant.id;
        ws.name = request.name().strip();
        ws.tier = requireTier(request.tier() == null ? "free" : request.tier()).name;
        ws.createdAt = Instant.now();
        ws.persist();
        credits.openAccount(ws.id, ws.tenantId);
        return publish(ws);
    }

    @Transactional
    public WorkspaceView workspace(String id) {
        return view(requireWorkspace(id));
    }

    @Transactional
    public WorkspaceView changeTier(String workspaceId, ChangeTier request) {
        Workspace ws = requireWorkspace(workspaceId);
        ws.tier = requireTier(request.tier()).name;
        ws.customPerMinute = request.perMinute();
        ws.customPerDay = request.perDay();
        WorkspaceView view = publish(ws);
        events.publish(Topics.BILLING_ACCESS, ws.id, BillingEventsListener.TIER_CHANGED, ws.tenantId, ws.id, ws.id,
                new TierChanged(ws.id, ws.tier, view.limits().perMinute(), view.limits().perDay()));
        return view;
    }

    @Transactional
    public List<TierView> tiers() {
        return Tier.<Tier>listAll().stream().map(TierView::of).toList();
    }

    public Workspace requireWorkspace(String id) {
        Workspace ws = id == null ? null : Workspace.findById(id);
        if (ws == null) {
            throw ApiException.notFound("WORKSPACE_NOT_FOUND", "No workspace with id '" + id + "'.");
        }
        return ws;
    }

    private Tenant requireTenant(String id) {
        Tenant tenant = Tenant.findById(id);
        if (tenant == null) {
            throw ApiException.notFound("TENANT_NOT_FOUND", "No tenant with id '" + id + "'.");
        }
        return tenant;
    }

    private Tier requireTier(String name) {
        Tier tier = Tier.findById(name);
        if (tier == null) {
            throw ApiException.invalid("tier", "must be one of " + Tier.<Tier>listAll().stream().map(t -> t.name).toList());
        }
        return tier;
    }

    /** The workspace's effective limits, written to Redis once the transaction commits. */
    private WorkspaceView publish(Workspace ws) {
        WorkspaceView view = view(ws);
        TierLimits limits = new TierLimits(view.limits().perMinute(), view.limits().perDay());
        afterCommit.run(() -> policies.putWorkspace(ws.id, ws.tier, limits).await().atMost(REDIS_WAIT));
        return view;
    }

    /** The agent limit of the workspace's tier; 404 for a workspace billing does not know. */
    public AgentLimits agentLimits(String workspaceId) {
        Workspace ws = requireWorkspace(workspaceId);
        Tier tier = Tier.findById(ws.tier);
        return new AgentLimits(ws.id, ws.tier, tier.maxAgents);
    }

    WorkspaceView view(Workspace ws) {
        Tier tier = Tier.findById(ws.tier);
        long perMinute = ws.customPerMinute != null ? ws.customPerMinute : tier.perMinute;
        long perDay = ws.customPerDay != null ? ws.customPerDay : tier.perDay;
        return new WorkspaceView(ws.id, ws.tenantId, ws.name, ws.tier, new Limits(perMinute, perDay), ws.createdAt);
    }
}
