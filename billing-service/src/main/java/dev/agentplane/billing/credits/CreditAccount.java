package dev.agentplane.billing.credits;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A workspace's credits in micro-credits: the balance, of which {@code reserved} is on hold. */
@Entity
@Table(name = "credit_account")
public class CreditAccount extends PanacheEntityBase {
    @Id
    @Column(name = "workspace_id")
    public String workspaceId;
    @Column(name = "tenant_id")
    public String tenantId;
    public long balance;
    public long reserved;
    /** credits.low is published when a charge takes the balance under this (null: never). */
    @Column(name = "low_balance_threshold")
    public Long lowBalanceThreshold;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public long available() {
        return balance - reserved;
    }
}
