package dev.agentplane.billing.pricing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The price of one model in micro-credits; model '*' prices every model without a rule of its own. */
@Entity
@Table(name = "pricing_rule")
public class PricingRule extends PanacheEntityBase {
    public static final String DEFAULT_MODEL = "*";

    @Id
    public String model;
    @Column(name = "base_cost")
    public long baseCost;
    @Column(name = "input_token_price")
    public long inputTokenPrice;
    @Column(name = "output_token_price")
    public long outputTokenPrice;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
