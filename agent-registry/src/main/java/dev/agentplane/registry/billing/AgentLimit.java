package dev.agentplane.registry.billing;

import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.util.OptionalInt;

/**
 * The most live agents the caller's workspace may have, as its tier says (billing owns tiers; seed 002's
 * AGENT_LIMIT_EXCEEDED). Kept a minute per workspace (cache {@code agent-limits}), so a tier change applies within
 * that. Fails open like the registry's other checks: when billing cannot say, the agent is saved.
 */
@ApplicationScoped
public class AgentLimit {
    private static final Logger LOG = Logger.getLogger(AgentLimit.class);

    @Inject
    @RestClient
    AgentLimitsClient client;

    /** Empty: unlimited, or billing could not say. */
    public OptionalInt of(String workspaceId) {
        try {
            int max = cached(workspaceId);
            return max < 0 ? OptionalInt.empty() : OptionalInt.of(max);
        } catch (LimitUnknown e) {
            return OptionalInt.empty();
        }
    }

    // ArC intercepts this call from of() too (Quarkus supports self-interception)
    @CacheResult(cacheName = "agent-limits")
    int cached(String workspaceId) {
        try {
            return client.get().maxAgents();
        } catch (RuntimeException e) {
            LOG.warnf("billing could not say the agent limit of workspace %s: %s", workspaceId, e.getClass().getSimpleName());
            throw new LimitUnknown();
        }
    }

    /** Not cached (an exception is not a result): the next create asks again. */
    static final class LimitUnknown extends RuntimeException {
        LimitUnknown() {
            super(null, null, false, false);
        }
    }
}
