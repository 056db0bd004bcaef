package dev.agentplane.execution.execution;

import java.util.List;

/** Payloads of the events this service publishes on {@code execution.events}. */
public final class ExecutionEvents {
    public static final String STARTED = "execution.started";
    public static final String COMPLETED = "execution.completed";
    public static final String FAILED = "execution.failed";
    public static final String CANCELLED = "execution.cancelled";
    public static final String SUSPENDED = "execution.suspended";
    public static final String AGENT_EXECUTED = "agent.executed";

    private ExecutionEvents() {
    }

    /** execution.started|completed|failed|cancelled. */
    /** execution.suspended: what the run waits on (webhooks deliver it as execution.awaiting_action). */
    public record Suspended(String executionId, String agentId, Integer agentVersion, String sessionId, String status,
                            String mode, List<PendingAction> pendingActions) {
    }

    public record Lifecycle(String executionId, String agentId, Integer agentVersion, String sessionId, String status,
                            String mode, ExecutionView.Error error) {
    }

    /**
     * agent.executed: the public fact of a finished execution (webhooks, training, billing's capture of its
     * cost). {@code leaseId} and {@code hold} name the credit lease the hold was drawn from, when it was.
     */
    public record AgentExecuted(String agentId, Integer agentVersion, String executionId, String sessionId,
                                String status, Result result, String model, ExecutionView.Usage usage, long cost,
                                Long latencyMs, ExecutionView.Error error, String leaseId, Long hold) {
    }

    /** The answer in agent.executed. */
    public record Result(String text, Object parsedOutput) {
    }
}
