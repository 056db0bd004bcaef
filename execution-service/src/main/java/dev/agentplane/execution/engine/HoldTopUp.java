package dev.agentplane.execution.engine;

import dev.agentplane.execution.billing.CreditLeases;
import dev.agentplane.execution.billing.Credits;
import dev.agentplane.execution.execution.ExecutionStore;
import dev.agentplane.execution.intake.ExecutionPlan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Objects;
import java.util.Optional;

/**
 * More credits for a run that needs more than its hold: a hold drawn from a lease grows by another draw from
 * the same lease (billing settles the run against it from agent.executed, which reports the whole hold). A hold
 * billing keeps for the execution alone cannot grow (billing has no call for it): the run stops instead.
 */
@ApplicationScoped
public class HoldTopUp {
    /** Model calls a top-up is sized for, so that a long run does not top up before every call. */
    static final int CALLS_PER_TOP_UP = 2;

    @Inject
    CreditLeases leases;
    @Inject
    ExecutionStore store;

    /** The grown hold, or empty when none can be had (the run stops with INSUFFICIENT_CREDITS). */
    public Optional<Credits.Hold> extend(ExecutionPlan plan, Credits.Hold hold, int inputTokens, int outputTokens) {
        if (!hold.leased()) {
            return Optional.empty();
        }
        if (plan.recorded() != null) {
            Overlap.await(plan.recorded());
        }
        Optional<Credits.Hold> more = leases.draw(plan.caller(), new Credits.Charge(plan.agent().id(),
                plan.model().model(), inputTokens * CALLS_PER_TOP_UP, outputTokens * CALLS_PER_TOP_UP));
        if (more.isEmpty()) {
            return Optional.empty();
        }
        if (!Objects.equals(more.get().leaseId(), hold.leaseId())) {
            // settled against one lease only: a draw from a newer lease cannot be added to this hold
            leases.undraw(more.get());
            return Optional.empty();
        }
        Credits.Hold grown = new Credits.Hold(hold.amount() + more.get().amount(), more.get().available(),
                hold.price(), hold.leaseId());
        store.holdGrown(plan.executionId(), grown.amount());
        return Optional.of(grown);
    }
}
