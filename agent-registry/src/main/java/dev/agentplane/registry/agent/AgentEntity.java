package dev.agentplane.registry.agent;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** The current state of one agent; the columns lists filter on are copies of its definition's members. */
@Entity
@Table(name = "agent")
public class AgentEntity extends PanacheEntityBase {
    @Id
    public UUID key;
    @Column(name = "workspace_id")
    public String workspaceId;
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "tenant_id")
    public String tenantId;
    public String name;
    public String description;
    public String role;
    @Column(name = "maturity_level")
    public String maturityLevel;
    public String status;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] tags;
    public int version;
    /** The whole {@link AgentSpec} as JSON. */
    public String definition;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "deleted_at")
    public Instant deletedAt;

    void apply(AgentSpec spec, String json) {
        name = spec.name();
        description = spec.description();
        role = spec.role();
        maturityLevel = spec.maturityLevel();
        status = spec.status();
        tags = spec.tags().toArray(String[]::new);
        definition = json;
    }
}
