package dev.agentplane.registry.training;

import dev.agentplane.registry.agent.AgentEntity;

import java.math.BigDecimal;
import java.time.Instant;

/** GET /v1/agents/{id}/training: statistics from executions and feedback, and graduation readiness. */
public record TrainingView(String agentId, String maturityLevel, Statistics statistics, Readiness graduation) {

    /** Totals over the agent's whole life. */
    public record Statistics(long totalExecutions, long successfulExecutions, long failedExecutions,
                             long cancelledExecutions, Double successRate, long totalTokens, BigDecimal totalCost,
                             Long avgLatencyMs, String lastExecutionId, Instant lastExecutionAt, Feedback feedback) {
    }

    /** Thumbs up/down counts and their score in [-1, 1] (null without feedback). */
    public record Feedback(long positive, long negative, Double score) {
    }

    static TrainingView of(AgentEntity a, TrainingEntity t, Readiness readiness) {
        if (t == null) {
            t = TrainingEntity.empty(a.workspaceId, a.agentId);
        }
        long rated = t.successes + t.failures;
        Statistics s = new Statistics(t.executions, t.successes, t.failures, t.cancellations,
                rated == 0 ? null : Readiness.round((double) t.successes / rated), t.totalTokens, t.totalCost,
                t.executions == 0 ? null : t.totalLatencyMs / t.executions, t.lastExecutionId, t.lastExecutionAt,
                new Feedback(t.positiveFeedback, t.negativeFeedback, Readiness.feedbackScore(t)));
        return new TrainingView(a.agentId, a.maturityLevel, s, readiness);
    }
}
