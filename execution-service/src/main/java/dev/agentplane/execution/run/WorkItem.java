package dev.agentplane.execution.run;

import dev.agentplane.kit.auth.Caller;

/** An async execution on execution.requests: who asked, for what, and the resolved session. */
public record WorkItem(String executionId, Caller caller, String agentId, String sessionId, ExecuteRequest request,
                       String requestId) {
}
