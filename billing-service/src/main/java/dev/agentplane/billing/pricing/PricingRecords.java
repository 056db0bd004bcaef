package dev.agentplane.billing.pricing;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Request and response bodies of pricing. */
public final class PricingRecords {
    static final long MAX_TOKENS = 100_000_000L;
    static final long MAX_PRICE = 1_000_000_000L;

    private PricingRecords() {
    }

    public record Estimate(@NotBlank @Size(max = 100) String model,
                           @PositiveOrZero @Max(MAX_TOKENS) Long inputTokens,
                           @PositiveOrZero @Max(MAX_TOKENS) Long outputTokens) {
    }

    public record RuleView(String model, long baseCost, long inputTokenPrice, long outputTokenPrice, boolean isDefault) {
        static RuleView of(PricingRule r) {
            return new RuleView(r.model, r.baseCost, r.inputTokenPrice, r.outputTokenPrice,
                    PricingRule.DEFAULT_MODEL.equals(r.model));
        }
    }

    public record SetRule(@NotNull @PositiveOrZero @Max(MAX_PRICE) Long baseCost,
                          @NotNull @PositiveOrZero @Max(MAX_PRICE) Long inputTokenPrice,
                          @NotNull @PositiveOrZero @Max(MAX_PRICE) Long outputTokenPrice) {
    }

    public record Line(String item, long quantity, long unitPrice, long amount) {
    }

    public record Quote(String model, long amount, List<Line> breakdown, RuleView rule) {
    }
}
