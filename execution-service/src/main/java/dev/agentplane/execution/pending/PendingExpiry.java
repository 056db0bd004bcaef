package dev.agentplane.execution.pending;

import dev.agentplane.execution.execution.PendingActions;
import dev.agentplane.kit.error.ApiException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Pending actions past their expiry take their default outcome ({@code on_expiry}: reject): the call counts as
 * failed for the model and the run goes on, as if the client had answered with an error. Every replica sweeps;
 * an action is answered once, so only one of them resumes the run.
 */
@ApplicationScoped
public class PendingExpiry {
    private static final Logger LOG = Logger.getLogger(PendingExpiry.class);
    static final String EXPIRED = "The client did not answer in time: the pending action expired.";

    @Inject
    PendingActions actions;
    @Inject
    ClientToolResults results;

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
            results.answer(expired.workspaceId(), expired.executionId(), List.of(new ToolResultRequest(
                    expired.toolCallId(), "error", com.fasterxml.jackson.databind.node.TextNode.valueOf(EXPIRED))));
            LOG.infof("pending action %s of execution %s expired", expired.toolCallId(), expired.executionId());
        } catch (ApiException e) {
            if ("EXECUTION_NOT_AWAITING".equals(e.code())) {
                // the run ended (cancelled) while it waited: its actions are closed
                results.close(expired.executionId());
            }
            LOG.debugf("expired action %s of %s: %s", expired.toolCallId(), expired.executionId(), e.getMessage());
        }
    }
}
