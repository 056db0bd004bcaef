package dev.agentplane.execution.keys;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A workspace's data key, wrapped by a master key; it encrypts the workspace's provider credentials and secrets
 * (the table keeps its first name, from when only provider credentials used it).
 */
@Entity
@Table(name = "provider_data_key")
public class DataKey extends PanacheEntityBase {
    @Id
    @Column(name = "workspace_id")
    public String workspaceId;
    @Column(name = "master_key_id")
    public String masterKeyId;
    @Column(name = "wrapped_key")
    public byte[] wrappedKey;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "rewrapped_at")
    public Instant rewrappedAt;

    public static String associated(String workspaceId) {
        return "agentplane-data-key:" + workspaceId;
    }
}
