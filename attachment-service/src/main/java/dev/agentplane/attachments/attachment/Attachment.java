package dev.agentplane.attachments.attachment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One uploaded file's metadata; the bytes are in object storage under {@code storageKey}. */
@Entity
@Table(name = "attachment")
public class Attachment extends PanacheEntityBase {
    @Id
    public UUID id;
    public String tenantId;
    public String workspaceId;
    public String storageKey;
    public String filename;
    public String contentType;
    @Column(name = "size_bytes")
    public long size;
    public String sha256;
    public String purpose;
    public Instant createdAt;
    public Instant referencedAt;

    public boolean isImage() {
        return contentType.startsWith("image/");
    }
}
