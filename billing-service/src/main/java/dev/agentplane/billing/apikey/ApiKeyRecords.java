package dev.agentplane.billing.apikey;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** Request and response bodies of the API key endpoints. */
public final class ApiKeyRecords {
    private ApiKeyRecords() {
    }

    /** type: workspace (wak_, everything in the workspace) or execution (eak_, execute and conversations). */
    public record CreateKey(@NotBlank @Size(max = 100) String name,
                            @Pattern(regexp = "workspace|execution", message = "must be workspace or execution") String type,
                            @Size(max = 50) List<@NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:-]+") String> allowedAgents) {
    }

    public record KeyView(String id, String name, String type, String prefix, List<String> scopes,
                          List<String> allowedAgents, String status, Instant createdAt, Instant lastUsedAt,
                          Instant revokedAt) {
        static KeyView of(ApiKey k) {
            return new KeyView(k.id, k.name, k.type, k.prefix, k.scopeList(), k.agentList(),
                    k.revokedAt == null ? "active" : "revoked", k.createdAt, k.lastUsedAt, k.revokedAt);
        }
    }

    /** The answer to a creation: the only time the secret is ever shown. */
    public record CreatedKey(String id, String name, String type, String prefix, List<String> scopes,
                             List<String> allowedAgents, String workspaceId, Instant createdAt, String secret) {
    }

    public record VerifyRequest(@NotBlank @Size(max = 200) String key) {
    }

    /** The data of the api-key.revoked event; key_hash lets every service evict its cache entry. */
    public record KeyRevoked(String keyId, String workspaceId, String keyHash) {
    }
}
