package dev.agentplane.kit.auth;

import java.util.Set;

/**
 * Who is calling: the tenant and workspace every query is scoped by, the scopes granted, the tier
 * that sets rate limits, and — for execution keys — the agents the key is limited to (empty: any).
 */
public record Caller(String subject, String tenantId, String workspaceId, Set<String> scopes, String tier,
                     Set<String> allowedAgents, String keyId) {

    /** The SecurityIdentity attribute under which non-JWT mechanisms (API keys) leave the caller. */
    public static final String ATTRIBUTE = "agentplane.caller";

    public Caller {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        allowedAgents = allowedAgents == null ? Set.of() : Set.copyOf(allowedAgents);
    }

    public boolean has(String scope) {
        return scopes.contains(scope);
    }

    public boolean isService() {
        return has(Scopes.SERVICE);
    }

    /** Whether this credential may act on the given agent (execution keys can be limited to a list). */
    public boolean mayUseAgent(String agentId) {
        return allowedAgents.isEmpty() || allowedAgents.contains(agentId);
    }
}
