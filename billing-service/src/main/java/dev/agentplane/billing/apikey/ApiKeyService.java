package dev.agentplane.billing.apikey;

import dev.agentplane.billing.Ids;
import dev.agentplane.billing.account.AccountService;
import dev.agentplane.billing.account.Workspace;
import dev.agentplane.billing.apikey.ApiKeyRecords.*;
import dev.agentplane.kit.apikey.ApiKeyCache;
import dev.agentplane.kit.apikey.ApiKeys;
import dev.agentplane.kit.apikey.BillingEventsListener;
import dev.agentplane.kit.apikey.RevokedKeys;
import dev.agentplane.kit.apikey.VerifiedKey;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.data.AfterCommit;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.event.EventPublisher;
import dev.agentplane.kit.event.Topics;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Creates, lists, revokes and verifies API keys. */
@ApplicationScoped
public class ApiKeyService {
    private static final Map<String, String> SORTS = Map.of("created_at", "createdAt", "name", "name",
            "last_used_at", "lastUsedAt");

    @Inject
    ApiKeyRepository keys;
    @Inject
    AccountService accounts;
    @Inject
    EventPublisher events;
    @Inject
    ApiKeyCache cache;
    @Inject
    AfterCommit afterCommit;
    @Inject
    RevokedKeys revokedKeys;

    @Transactional
    public CreatedKey create(String workspaceId, CreateKey request) {
        Workspace ws = accounts.requireWorkspace(workspaceId);
        boolean execution = "execution".equals(request.type());
        List<String> agents = request.allowedAgents() == null ? List.of() : request.allowedAgents();
        if (!execution && !agents.isEmpty()) {
            throw ApiException.invalid("allowed_agents", "only execution keys can be limited to agents");
        }
        String secret = ApiKeys.generate(execution ? ApiKeys.EXECUTION_PREFIX : ApiKeys.WORKSPACE_PREFIX);
        ApiKey key = new ApiKey();
        key.id = Ids.next("key_");
        key.workspaceId = ws.id;
        key.tenantId = ws.tenantId;
        key.name = request.name().strip();
        key.type = execution ? "execution" : "workspace";
        key.prefix = ApiKeys.displayPrefix(secret);
        key.keyHash = ApiKeys.hash(secret);
        key.scopes = execution ? Scopes.EXECUTE : Scopes.WORKSPACE;
        key.allowedAgents = String.join(",", agents.stream().distinct().toList());
        key.createdAt = Instant.now();
        keys.persist(key);
        return new CreatedKey(key.id, key.name, key.type, key.prefix, key.scopeList(), key.agentList(), ws.id,
                key.createdAt, secret);
    }

    @Transactional
    public Page<KeyView> list(String workspaceId, PageRequest page, String status) {
        if (status != null && !List.of("active", "revoked").contains(status)) {
            throw ApiException.invalid("status", "must be active or revoked");
        }
        String where = status == null ? "" : "active".equals(status) ? "revokedAt is null" : "revokedAt is not null";
        return Page.of(keys.findInWorkspace(workspaceId, where, page.toSort(SORTS::get), new Parameters()), page,
                KeyView::of);
    }

    @Transactional
    public KeyView get(String workspaceId, String id) {
        return KeyView.of(require(workspaceId, id));
    }

    /** Revokes a key (idempotent) and the tokens exchanged for it; refused everywhere at once, at worst within the cache TTL. */
    @Transactional
    public void revoke(String workspaceId, String id) {
        ApiKey key = require(workspaceId, id);
        if (key.revokedAt != null) {
            return;
        }
        key.revokedAt = Instant.now();
        events.publish(Topics.BILLING_ACCESS, key.workspaceId, BillingEventsListener.KEY_REVOKED, key.tenantId,
                key.workspaceId, key.id, new KeyRevoked(key.id, key.workspaceId, key.keyHash));
        afterCommit.run(() -> {
            cache.evict(key.keyHash).await().atMost(Duration.ofSeconds(3));
            revokedKeys.add(key.id).await().atMost(Duration.ofSeconds(3));
        });
    }

    /** The owner of an active key, or null; records when the key was last used (to the minute). */
    @Transactional
    public VerifiedKey verify(String secret) {
        if (!ApiKeys.wellFormed(secret)) {
            return null;
        }
        ApiKey key = keys.find("keyHash = ?1 and revokedAt is null", ApiKeys.hash(secret)).firstResult();
        if (key == null) {
            return null;
        }
        Workspace ws = Workspace.findById(key.workspaceId);
        keys.getEntityManager().createNativeQuery("update api_key set last_used_at = now() where id = ?1 "
                + "and (last_used_at is null or last_used_at < now() - interval '1 minute')")
                .setParameter(1, key.id).executeUpdate();
        return new VerifiedKey(key.id, key.tenantId, key.workspaceId, key.scopeList(), ws.tier, key.agentList());
    }

    private ApiKey require(String workspaceId, String id) {
        return keys.findInWorkspace(workspaceId, id)
                .orElseThrow(() -> ApiException.notFound("API_KEY_NOT_FOUND", "No API key with id '" + id + "'."));
    }
}
