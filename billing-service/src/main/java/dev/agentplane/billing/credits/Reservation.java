package dev.agentplane.billing.credits;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A hold of credits for one execution: held, then captured or released (by the engine or on expiry).
 * An execution that drew its hold from a lease gets its row, already settled, when its agent.executed arrives.
 */
@Entity
@Table(name = "credit_reservation")
@IdClass(Reservation.Key.class)
public class Reservation extends PanacheEntityBase {
    @Id
    @Column(name = "workspace_id")
    public String workspaceId;
    @Id
    @Column(name = "execution_id")
    public String executionId;
    @Column(name = "tenant_id")
    public String tenantId;
    public long amount;
    public String status;
    public long charged;
    public long released;
    public String reason;
    @Column(name = "agent_id")
    public String agentId;
    public String model;
    @Column(name = "input_tokens")
    public long inputTokens;
    @Column(name = "output_tokens")
    public long outputTokens;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "settled_at")
    public Instant settledAt;
    /** The lease the execution drew this hold from; null for a hold of its own. */
    @Column(name = "lease_id")
    public String leaseId;

    /** The composite primary key. */
    public static class Key implements Serializable {
        public String workspaceId;
        public String executionId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(workspaceId, k.workspaceId)
                    && Objects.equals(executionId, k.executionId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(workspaceId, executionId);
        }
    }
}
