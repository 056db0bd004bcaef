package dev.agentplane.execution.agent;

import dev.agentplane.execution.client.DependencyErrors;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Agent definitions from the registry, cached per workspace: a numbered version never changes, so
 * it is kept long; "current" moves with every update, so it is kept only briefly.
 */
@ApplicationScoped
public class AgentClient {
    private static final int MAX_CACHED = 10_000;

    @Inject
    @RestClient
    AgentRegistryApi api;

    @ConfigProperty(name = "agentplane.agents.current-ttl", defaultValue = "2s")
    Duration currentTtl;
    @ConfigProperty(name = "agentplane.agents.version-ttl", defaultValue = "10m")
    Duration versionTtl;

    private record Key(String workspace, String agentId, Integer version) {
    }

    private record Cached(AgentDefinition agent, long expiresAt) {
    }

    private final ConcurrentHashMap<Key, Cached> cache = new ConcurrentHashMap<>();

    /** The agent's current version, or the given one; 404 AGENT_NOT_FOUND when the workspace has no such agent. */
    public AgentDefinition get(Caller caller, String agentId, Integer version) {
        Key key = new Key(caller.workspaceId(), agentId, version);
        long now = System.currentTimeMillis();
        Cached cached = cache.get(key);
        if (cached != null && cached.expiresAt() > now) {
            return cached.agent();
        }
        AgentDefinition agent = fetch(caller, agentId, version);
        if (cache.size() > MAX_CACHED) {
            cache.clear();
        }
        long ttl = (version == null ? currentTtl : versionTtl).toMillis();
        cache.put(key, new Cached(agent, now + ttl));
        return agent;
    }

    /** Drops cached definitions of an agent (on agent.updated / agent.deleted). */
    public void evict(String workspaceId, String agentId) {
        cache.keySet().removeIf(k -> k.workspace().equals(workspaceId) && k.agentId().equals(agentId));
    }

    private AgentDefinition fetch(Caller caller, String agentId, Integer version) {
        try {
            return version == null ? api.current(caller, agentId) : api.version(caller, agentId, version);
        } catch (DependencyErrors.Refused e) {
            if (e.refusedWith() == 404) {
                throw ApiException.notFound("AGENT_NOT_FOUND", "No agent '" + agentId + "'"
                        + (version == null ? "" : " with version " + version) + " exists in this workspace.");
            }
            throw e;
        }
    }
}
