package dev.agentplane.billing.credits;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One movement of a workspace's credits; append-only. */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "workspace_id")
    public String workspaceId;
    public String kind;
    public long amount;
    @Column(name = "reserved_change")
    public long reservedChange;
    @Column(name = "balance_after")
    public long balanceAfter;
    @Column(name = "available_after")
    public long availableAfter;
    @Column(name = "execution_id")
    public String executionId;
    public String note;
    @Column(name = "created_at")
    public Instant createdAt;
}
