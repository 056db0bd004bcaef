package dev.agentplane.execution.run;

import dev.agentplane.execution.billing.Credits;
import dev.agentplane.execution.execution.Cancellations;
import dev.agentplane.execution.execution.ExecutionStatus;
import dev.agentplane.execution.execution.ExecutionStore;
import dev.agentplane.execution.execution.ExecutionView;
import dev.agentplane.execution.guard.SessionLocks;
import dev.agentplane.execution.stream.ExecutionStreams;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Map;

/** Reading and cancelling executions on behalf of a caller (another workspace's ids are 404). */
@ApplicationScoped
public class ExecutionControl {
    private static final Logger LOG = Logger.getLogger(ExecutionControl.class);

    @Inject
    ExecutionStore store;
    @Inject
    Credits credits;
    @Inject
    SessionLocks locks;
    @Inject
    ExecutionStreams streams;
    @Inject
    Cancellations cancellations;

    public ExecutionView get(Caller caller, String id) {
        return store.find(caller.workspaceId(), id).filter(v -> caller.mayUseAgent(v.agentId()))
                .orElseThrow(() -> ApiException.notFound("EXECUTION_NOT_FOUND",
                        "No execution '" + id + "' exists in this workspace."));
    }

    /** Stops a pending or running execution, releases its credits; 409 when it already finished. */
    public ExecutionView cancel(Caller caller, String id) {
        get(caller, id);
        cancellations.cancel(id);
        ExecutionStore.Cancel result = store.cancel(caller.workspaceId(), id).orElseThrow();
        ExecutionView view = result.execution();
        if (ExecutionStatus.isActive(result.statusBefore())) {
            if (!result.leased()) {
                releaseHold(caller, id);
            }
            if (view.sessionId() != null) {
                locks.release(caller.workspaceId(), view.sessionId(), id);
            }
            if ("pending".equals(result.statusBefore()) || streams.isLive(id)) {
                streams.publish(id, "error", Map.of("status", "cancelled", "code", "EXECUTION_CANCELLED",
                        "message", "The execution was cancelled."));
            }
        } else if (!"cancelled".equals(result.statusBefore())) {
            throw new ApiException(409, "EXECUTION_NOT_CANCELLABLE", "The execution already ended with status "
                    + result.statusBefore() + ".", java.util.List.of(), Map.of("execution_id", id,
                    "status", result.statusBefore()));
        }
        return view;
    }

    private void releaseHold(Caller caller, String id) {
        try {
            credits.release(caller, id, "cancelled");
        } catch (RuntimeException e) {
            LOG.warnf("could not release credits of cancelled %s (the hold expires): %s", id, e.getMessage());
        }
    }
}
