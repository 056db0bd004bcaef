package dev.agentplane.execution.secret;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A named value of a workspace that its agents' HTTP tools send in headers; stored only as ciphertext. */
@Entity
@Table(name = "workspace_secret")
public class WorkspaceSecret extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "workspace_id")
    public String workspaceId;
    public String name;
    @Column(name = "value_ciphertext")
    public byte[] valueCiphertext;
    @Column(name = "value_hint")
    public String valueHint;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    static String associated(String workspaceId, String id) {
        return "agentplane-secret:" + workspaceId + ":" + id;
    }

    @Override
    public String toString() {
        return "WorkspaceSecret[" + id + ", " + name + "]";
    }
}
