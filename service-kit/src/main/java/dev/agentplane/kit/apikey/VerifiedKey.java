package dev.agentplane.kit.apikey;

import dev.agentplane.kit.auth.Caller;

import java.util.List;
import java.util.Set;

/** What billing answers for a valid key ({@code POST /internal/api-keys/verify}); also the cached form. */
public record VerifiedKey(String keyId, String tenantId, String workspaceId, List<String> scopes, String tier,
                          List<String> allowedAgents) {

    public VerifiedKey {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        allowedAgents = allowedAgents == null ? List.of() : List.copyOf(allowedAgents);
    }

    public Caller toCaller() {
        return new Caller("key:" + keyId, tenantId, workspaceId, Set.copyOf(scopes), tier, Set.copyOf(allowedAgents),
                keyId);
    }
}
