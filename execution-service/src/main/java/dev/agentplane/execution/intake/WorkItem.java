package dev.agentplane.execution.intake;

import dev.agentplane.execution.billing.Credits;
import dev.agentplane.kit.auth.Caller;

/**
 * An async execution on execution.requests: who asked, for what, the resolved session and the credit
 * hold taken for it (absent in items queued by versions before holds carried their price).
 */
public record WorkItem(String executionId, Caller caller, String agentId, String sessionId, ExecuteRequest request,
                       String requestId, Credits.Hold hold) {
    public WorkItem withHold(Credits.Hold taken) {
        return new WorkItem(executionId, caller, agentId, sessionId, request, requestId, taken);
    }
}
