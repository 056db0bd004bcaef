package dev.agentplane.execution.billing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.kit.auth.Caller;

/** The money side of an execution: price, hold, charge, refund — each idempotent by execution id. */
public interface Credits {
    /** What the given token counts cost on this model, with the pricing rule's breakdown. */
    Estimate estimate(Caller caller, String model, int inputTokens, int outputTokens);

    /** Holds the amount; 402 INSUFFICIENT_CREDITS when the workspace cannot cover it. */
    void reserve(Caller caller, String executionId, long amount);

    /** Charges the actual amount and frees the rest of the hold; returns the credits still available. */
    long capture(Caller caller, String executionId, long amount);

    /** Frees the whole hold (failed or cancelled execution). */
    void release(Caller caller, String executionId, String reason);

    /** A price: the amount and the billing service's full answer (breakdown, rule). */
    record Estimate(long amount, JsonNode detail) {
    }
}
