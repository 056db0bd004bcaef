package dev.agentplane.sessions.memory;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A fact about an external user, per workspace and optionally per agent (its embedding: MemoryVectors). */
@Entity
@Table(name = "memory")
public class Memory {
    @Id
    public String id;
    public String workspaceId;
    public String externalUserId;
    public String agentId;
    public String fact;
    public String executionId;
    public Instant createdAt;
    public Instant updatedAt;
}
