package dev.agentplane.knowledge.document;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One document of a knowledge base and where its ingestion stands. */
@Entity
@Table(name = "kb_document")
public class KbDocument extends PanacheEntityBase {
    public static final String PENDING = "pending";
    public static final String PROCESSING = "processing";
    public static final String READY = "ready";
    public static final String FAILED = "failed";
    public static final String INLINE = "inline";
    public static final String ATTACHMENT = "attachment";

    @Id
    public UUID id;
    public UUID knowledgeBaseId;
    public String workspaceId;
    /** {@link #INLINE} or {@link #ATTACHMENT}. */
    public String source;
    public String storageKey;
    public String title;
    public String contentType;
    /** SHA-256 of the content's bytes (for attachments, the attachment's own checksum). */
    public String contentHash;
    public String inlineText;
    /** The document's own metadata, matched by query filters. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> metadata;
    public String status;
    public int progress;
    public int chunkCount;
    public int attempts;
    public String errorCode;
    public String errorMessage;
    public Instant createdAt;
    public Instant updatedAt;
}
