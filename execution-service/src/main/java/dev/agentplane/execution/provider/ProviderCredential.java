package dev.agentplane.execution.provider;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A workspace's account at a model provider; the API key only as ciphertext under the workspace's data key. */
@Entity
@Table(name = "provider_credential")
public class ProviderCredential extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "workspace_id")
    public String workspaceId;
    public String name;
    public String provider;
    @Column(name = "base_url")
    public String baseUrl;
    public String organization;
    @Column(name = "key_ciphertext")
    public byte[] keyCiphertext;
    @Column(name = "key_hint")
    public String keyHint;
    public int revision;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    static String associated(String workspaceId, String id) {
        return "agentplane-credential:" + workspaceId + ":" + id;
    }

    @Override
    public String toString() {
        return "ProviderCredential[" + id + ", " + name + ", " + provider + "]";
    }
}
