package dev.agentplane.execution.engine;

import dev.agentplane.execution.billing.CreditLeases;
import dev.agentplane.execution.billing.Credits;
import dev.agentplane.execution.execution.ExecutionStore;
import dev.agentplane.execution.intake.ExecutionPlan;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A run's hold beyond its first draw. More credits for a run that needs more than its hold: a hold drawn from a
 * lease grows by another draw from the same lease (billing settles the run against it from agent.executed, which
 * reports the whole hold); a hold billing keeps for the execution alone grows in billing. When neither can, the
 * run stops. And a longer life for the hold of a run that waits for people or clients ({@link #keepUntil}).
 */
@ApplicationScoped
public class HoldTopUp {
    /** Model calls a top-up is sized for, so that a long run does not top up before every call. */
    static final int CALLS_PER_TOP_UP = 2;

    private static final Logger LOG = Logger.getLogger(HoldTopUp.class);

    @Inject
    CreditLeases leases;
    @Inject
    Credits credits;
    @Inject
    ExecutionStore store;
    @Inject
    Checkpoints checkpoints;

    /** The grown hold, or empty when none can be had (the run stops with INSUFFICIENT_CREDITS). */
    public Optional<Credits.Hold> extend(ExecutionPlan plan, Credits.Hold hold, int inputTokens, int outputTokens) {
        if (!hold.leased()) {
            long more = (long) inputTokens * CALLS_PER_TOP_UP * hold.price().inputTokenPrice()
                    + (long) outputTokens * CALLS_PER_TOP_UP * hold.price().outputTokenPrice();
            try {
                return Optional.of(credits.extend(plan.caller(), plan.executionId(), hold, Math.max(1, more)));
            } catch (ApiException e) {
                LOG.infof("execution %s: its hold could not grow (%s)", plan.executionId(), e.code());
                return Optional.empty();
            }
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

    /**
     * Keeps a suspended run's hold until its pending actions have expired, so an answer that comes days later
     * resumes on credits still held. A hold drawn from a lease (which billing expires with the lease, after the
     * reservation TTL) becomes the run's own first: the plan and state checkpoints and the row say so, and
     * agent.executed then settles it as a hold of its own. When billing cannot do it now the run still waits; its
     * hold then lapses at the reservation TTL, and the run is charged nothing.
     */
    public void keepUntil(ExecutionPlan plan, RunState state, Instant until) {
        Credits.Hold hold = state.hold;
        if (hold == null) {
            return;
        }
        Credits.Hold kept;
        try {
            kept = credits.keepUntil(plan.caller(), plan.executionId(), hold, until);
        } catch (RuntimeException e) {
            LOG.warnf("execution %s waits with a hold that lapses at the reservation TTL: %s", plan.executionId(),
                    e.getMessage());
            return;
        }
        if (hold.leased()) {
            leases.undraw(hold);
            store.heldAlone(plan.executionId(), kept.amount());
            state.hold = kept;
            checkpoints.save(plan.executionId(), state);
            checkpoints.start(RunPlan.of(plan.withHold(kept)));
        }
    }
}
