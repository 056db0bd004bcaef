package dev.agentplane.billing.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.time.Instant;

/** A customer organisation; owns workspaces. */
@Entity
public class Tenant extends PanacheEntityBase {
    @Id
    public String id;
    public String name;
    @Column(name = "created_at")
    public Instant createdAt;
}
