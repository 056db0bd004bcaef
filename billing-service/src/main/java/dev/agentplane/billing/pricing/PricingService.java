package dev.agentplane.billing.pricing;

import dev.agentplane.billing.pricing.PricingRecords.*;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/** Prices an execution from the model's rule: base cost plus input and output tokens. */
@ApplicationScoped
public class PricingService {

    @Transactional
    public Quote estimate(Estimate request) {
        PricingRule rule = ruleFor(request.model());
        long in = request.inputTokens() == null ? 0 : request.inputTokens();
        long out = request.outputTokens() == null ? 0 : request.outputTokens();
        List<Line> lines = List.of(new Line("base", 1, rule.baseCost, rule.baseCost),
                new Line("input_tokens", in, rule.inputTokenPrice, in * rule.inputTokenPrice),
                new Line("output_tokens", out, rule.outputTokenPrice, out * rule.outputTokenPrice));
        long total = lines.stream().mapToLong(Line::amount).sum();
        return new Quote(request.model(), total, lines, RuleView.of(rule));
    }

    /** The model's rule, else the default ('*'). */
    @Transactional
    public PricingRule ruleFor(String model) {
        PricingRule rule = PricingRule.findById(model);
        return rule != null ? rule : PricingRule.findById(PricingRule.DEFAULT_MODEL);
    }

    @Transactional
    public List<RuleView> rules() {
        return PricingRule.<PricingRule>listAll().stream().map(RuleView::of)
                .sorted(java.util.Comparator.comparing(RuleView::model)).toList();
    }

    @Transactional
    public RuleView set(String model, SetRule request) {
        PricingRule rule = PricingRule.findById(model);
        if (rule == null) {
            rule = new PricingRule();
            rule.model = model;
        }
        rule.baseCost = request.baseCost();
        rule.inputTokenPrice = request.inputTokenPrice();
        rule.outputTokenPrice = request.outputTokenPrice();
        rule.updatedAt = Instant.now();
        rule.persist();
        return RuleView.of(rule);
    }
}
