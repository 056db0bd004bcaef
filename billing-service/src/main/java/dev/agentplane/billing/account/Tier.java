package dev.agentplane.billing.account;

import dev.agentplane.kit.ratelimit.TierLimits;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A plan: requests per minute and per day, and live agents per workspace (negative: unlimited). Data, not code. */
@Entity
public class Tier extends PanacheEntityBase {
    @Id
    public String name;
    @Column(name = "per_minute")
    public long perMinute;
    @Column(name = "per_day")
    public long perDay;
    @Column(name = "max_agents")
    public int maxAgents;
    public String description;

    public TierLimits limits() {
        return new TierLimits(perMinute, perDay);
    }
}
