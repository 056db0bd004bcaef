package dev.agentplane.execution.pending;

import dev.agentplane.execution.execution.PendingAction;
import dev.agentplane.execution.execution.PendingActions;
import dev.agentplane.kit.error.ApiException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Pending actions past their expiry take their default outcome ({@code on_expiry}): reject — a client tool's call
 * counts as failed and an approval as not given, and the run goes on as if answered so; cancel or fail — the run
 * ends so, its hold released. Every replica sweeps; an action is answered once, so only one of them acts.
 */
@ApplicationScoped
public class PendingExpiry {
    private static final Logger LOG = Logger.getLogger(PendingExpiry.class);
    static final String EXPIRED = "The client did not answer in time: the pending action expired.";

    @Inject
    PendingActions actions;
    @Inject
    PendingAnswers answers;

    @Scheduled(every = "${agentplane.engine.pending-sweep-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            for (PendingActions.Expired expired : actions.expired(100)) {
                expire(expired);
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not sweep expired pending actions: %s", e.getMessage());
        }
    }

    private void expire(PendingActions.Expired expired) {
        try {
            if (PendingAction.CANCEL.equals(expired.onExpiry()) || PendingAction.FAIL.equals(expired.onExpiry())) {
                answers.endOnExpiry(expired);
            } else {
                boolean approval = PendingAction.APPROVAL.equals(expired.kind());
                answers.answer(expired.workspaceId(), expired.executionId(), List.of(new PendingAnswers.Answer(
                        expired.toolCallId(), expired.kind(), approval ? PendingAnswers.EXPIRED : "error",
                        approval ? null : EXPIRED)), null, null);
            }
            LOG.infof("pending action %s of execution %s expired (%s)", expired.toolCallId(), expired.executionId(),
                    expired.onExpiry());
        } catch (ApiException e) {
            if ("EXECUTION_NOT_AWAITING".equals(e.code())) {
                // the run ended (cancelled) while it waited: its actions are closed
                answers.close(expired.executionId());
            }
            LOG.debugf("expired action %s of %s: %s", expired.toolCallId(), expired.executionId(), e.getMessage());
        }
    }
}
