package dev.agentplane.billing.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.time.Instant;

/** A tenant's workspace: the unit that keys, credits and rate limits belong to. */
@Entity
public class Workspace extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "tenant_id")
    public String tenantId;
    public String name;
    public String tier;
    @Column(name = "custom_per_minute")
    public Long customPerMinute;
    @Column(name = "custom_per_day")
    public Long customPerDay;
    @Column(name = "created_at")
    public Instant createdAt;
}
