package dev.agentplane.registry.agent;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An immutable snapshot of an agent's definition, written by every change. */
@Entity
@Table(name = "agent_version")
public class AgentVersionEntity extends PanacheEntityBase {
    @Id
    public UUID key;
    @Column(name = "workspace_id")
    public String workspaceId;
    @Column(name = "agent_id")
    public String agentId;
    public int version;
    /** created, updated, promoted or restored. */
    public String change;
    public String definition;
    @Column(name = "created_at")
    public Instant createdAt;
}
