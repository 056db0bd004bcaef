package dev.agentplane.billing.credits;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A block of a workspace's credits reserved for one execution-service replica and one model: open
 * while the replica draws holds from it, closed when it reports what it drew, expired when its time ran out.
 */
@Entity
@Table(name = "credit_lease")
public class Lease extends PanacheEntityBase {
    static final String OPEN = "open";
    static final String CLOSED = "closed";
    static final String EXPIRED = "expired";

    @Id
    public String id;
    @Column(name = "workspace_id")
    public String workspaceId;
    @Column(name = "tenant_id")
    public String tenantId;
    public String model;
    public long amount;
    public Long drawn;
    public long settled;
    public String status;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "closed_at")
    public Instant closedAt;

    /**
     * What of this lease the account still holds in {@code reserved}: all not yet settled while open,
     * the drawn part not yet settled once closed, nothing once expired (the sweep released it).
     */
    long outstanding() {
        return switch (status) {
            case OPEN -> amount - settled;
            case CLOSED -> drawn - settled;
            default -> 0;
        };
    }
}
