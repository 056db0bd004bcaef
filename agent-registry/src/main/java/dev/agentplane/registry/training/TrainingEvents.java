package dev.agentplane.registry.training;

import java.math.BigDecimal;

/** The registry's own copies of the event payloads it consumes (execution and session services own them). */
public final class TrainingEvents {
    public static final String AGENT_EXECUTED = "agent.executed";
    public static final String FEEDBACK_RECORDED = "feedback.recorded";

    private TrainingEvents() {
    }

    /** Token counts of one execution. */
    public record Usage(Long inputTokens, Long outputTokens, Long totalTokens) {
    }

    /** agent.executed on execution.events: a finished execution. */
    public record Executed(String agentId, Integer agentVersion, String executionId, String sessionId, String status,
                           Usage usage, BigDecimal cost, Long latencyMs) {
    }

    /** feedback.recorded on session.events: a thumbs up/down, possibly replacing an earlier one. */
    public record Feedback(String sessionId, String messageId, String executionId, String agentId, Integer value,
                           Integer previousValue) {
    }
}
