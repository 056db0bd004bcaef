package dev.agentplane.knowledge.base;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A workspace's knowledge base: how its documents are chunked and embedded. */
@Entity
@Table(name = "knowledge_base")
public class KnowledgeBase extends PanacheEntityBase {
    @Id
    public UUID id;
    public String tenantId;
    public String workspaceId;
    public String name;
    public String description;
    public String embeddingModel;
    /** A {@link dev.agentplane.knowledge.store.Metric} name. */
    public String metricType;
    public int dimensions;
    public int chunkSize;
    public int chunkOverlap;
    public long revision;
    public Instant createdAt;
    public Instant updatedAt;
}
