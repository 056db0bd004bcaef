package dev.agentplane.execution.billing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.kit.auth.Caller;

/** The money side of an execution: price, hold, charge, refund — each idempotent by execution id. */
public interface Credits {
    /** What the given token counts cost on this model, with the pricing rule's breakdown. */
    Estimate estimate(Caller caller, String model, int inputTokens, int outputTokens);

    /**
     * Holds what the most the execution can use costs (billing prices the token counts); 402
     * INSUFFICIENT_CREDITS when the workspace cannot cover it.
     */
    Hold reserve(Caller caller, String executionId, Charge most);

    /**
     * A hold: its amount, the credits available after it and the rule it was priced by (null from a
     * billing service that does not send it). A run is charged {@link #cost} of what it used, which
     * billing captures from {@code agent.executed}. {@code leaseId} names the lease it was drawn from
     * ({@link CreditLeases}); null for a hold billing keeps for this execution alone.
     */
    record Hold(long amount, long available, Price price, String leaseId) {
        /** A hold billing keeps for this execution alone. */
        public Hold(long amount, long available, Price price) {
            this(amount, available, price, null);
        }

        public boolean leased() {
            return leaseId != null;
        }

        /** What the run cost under the hold's rule, capped at the hold (the agreed maximum). */
        public long cost(int inputTokens, int outputTokens) {
            return Math.min(amount, price.baseCost() + inputTokens * price.inputTokenPrice()
                    + outputTokens * price.outputTokenPrice());
        }

        /** The credits available once the run is charged {@code cost}: the hold is freed, the cost taken. */
        public long availableAfter(long cost) {
            return available + amount - cost;
        }
    }

    /** A pricing rule in micro-credits: per execution, per input token, per output token. */
    record Price(long baseCost, long inputTokenPrice, long outputTokenPrice) {
    }

    /**
     * Grows the execution's own hold (not one drawn from a lease) by {@code amount}; 402 INSUFFICIENT_CREDITS when
     * the workspace cannot cover it. Answers the grown hold.
     */
    Hold extend(Caller caller, String executionId, Hold hold, long amount);

    /**
     * Keeps the hold at least until {@code until} (a suspended run waits for its pending actions): a hold of the
     * execution's own gets that expiry; one drawn from a lease (which expires with the lease) becomes a hold of
     * its own for the same amount, which the caller then gives back to the lease. Answers the hold as it now is.
     */
    Hold keepUntil(Caller caller, String executionId, Hold hold, java.time.Instant until);

    /**
     * Charges what the token counts cost (billing prices them; capped at the hold) and frees the rest —
     * for runs without a priced {@link Hold} in hand (work queued by an earlier version, or a billing
     * service that does not price its holds yet).
     */
    Captured capture(Caller caller, String executionId, Charge charge);

    /** What was charged, and the credits still available after it. */
    record Captured(long charged, long available) {
    }

    /** Frees the whole hold; reason is {@code failed} or {@code cancelled}. */
    void release(Caller caller, String executionId, String reason);

    /** What an execution used (or, for a hold, may use at most), for the price and the ledger. */
    record Charge(String agentId, String model, int inputTokens, int outputTokens) {
    }

    /** A price: the amount and the billing service's full answer (breakdown, rule). */
    record Estimate(long amount, JsonNode detail) {
    }
}
