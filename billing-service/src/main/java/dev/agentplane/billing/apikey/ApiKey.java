package dev.agentplane.billing.apikey;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** An API key: only its SHA-256 hash and a display prefix are kept. */
@Entity
@Table(name = "api_key")
public class ApiKey extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "workspace_id")
    public String workspaceId;
    @Column(name = "tenant_id")
    public String tenantId;
    public String name;
    public String type;
    public String prefix;
    @Column(name = "key_hash")
    public String keyHash;
    public String scopes;
    @Column(name = "allowed_agents")
    public String allowedAgents;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "last_used_at")
    public Instant lastUsedAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;

    public List<String> scopeList() {
        return split(scopes);
    }

    public List<String> agentList() {
        return split(allowedAgents);
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
