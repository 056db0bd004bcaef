package dev.agentplane.execution.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.billing.Credits;
import dev.agentplane.execution.intake.ExecutionPlan;
import dev.agentplane.execution.llm.LlmResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Prices a model call on the model that answered it. The hold is priced on the agent's model; a call a fallback
 * (or a workflow node's own model) answered costs what that model's rule says, and the run keeps the difference
 * ({@link RunState#repriced}), so that the run's cost is the sum of what its answers cost. The run's base cost is
 * the rule of the model that answered its first call. A call answered on a credential of the workspace costs no token
 * prices: its provider bills those tokens to the workspace; the run still pays the rule's base cost, the platform's
 * fee for running it.
 */
@ApplicationScoped
public class CallPricing {
    private static final Logger LOG = Logger.getLogger(CallPricing.class);

    @Inject
    Credits credits;

    /** What the answer's tokens cost; the run's {@code repriced} moves by how far that is from the hold's rule. */
    long price(ExecutionPlan plan, RunState state, LlmResult answer) {
        Credits.Hold hold = state.hold;
        if (hold == null || hold.price() == null) {
            return 0;
        }
        Credits.Price held = hold.price();
        Credits.Price rule = priceOf(plan, state, answer.modelName());
        Credits.Price own = answer.ownKey() ? new Credits.Price(rule.baseCost(), 0, 0) : rule;
        long cost = tokens(own, answer.inputTokens(), answer.outputTokens());
        state.repriced += cost - tokens(held, answer.inputTokens(), answer.outputTokens());
        if (state.modelCalls == 1) {
            state.repriced += own.baseCost() - held.baseCost();
        }
        return cost;
    }

    private static long tokens(Credits.Price price, int in, int out) {
        return (long) in * price.inputTokenPrice() + (long) out * price.outputTokenPrice();
    }

    /** The hold's rule for the hold's model; another model's rule from billing, kept with the run once asked. */
    private Credits.Price priceOf(ExecutionPlan plan, RunState state, String model) {
        if (model == null || model.equals(plan.model().model())) {
            return state.hold.price();
        }
        Credits.Price known = state.prices.get(model);
        if (known != null) {
            return known;
        }
        try {
            JsonNode rule = credits.estimate(plan.caller(), model, 0, 0).detail().path("rule");
            Credits.Price price = new Credits.Price(rule.path("base_cost").asLong(),
                    rule.path("input_token_price").asLong(), rule.path("output_token_price").asLong());
            state.prices.put(model, price);
            return price;
        } catch (RuntimeException e) {
            // the model answered already: the run goes on, priced on the hold's rule for this call
            LOG.warnf("execution %s: no price for model %s (%s); the hold's rule prices this call",
                    plan.executionId(), model, e.getMessage());
            return state.hold.price();
        }
    }
}
