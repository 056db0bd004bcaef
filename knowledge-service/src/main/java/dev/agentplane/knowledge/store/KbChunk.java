package dev.agentplane.knowledge.store;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** A stored chunk, as queries read it (written with plain JDBC batches; the vector is read by {@link IndexFeed}). */
@Entity
@Table(name = "kb_chunk")
public class KbChunk {
    @Id
    public Long id;
    public UUID documentId;
    public UUID knowledgeBaseId;
    public int position;
    public Integer page;
    public String heading;
    public String text;
    public int tokenCount;
}
