package dev.agentplane.registry.agent;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * Memory, history and reasoning switches of an agent; defaults follow the v2 agents API. {@code maxSteps}: model
 * calls a run may make; {@code acceptsClientTools}: requests may offer it tools the client runs (seed 003);
 * {@code governance}: what a tool call above the maturity level does (approve: waits for a person; deny: refused);
 * {@code pendingActionTtl}: seconds a suspended run waits for an answer (a request may set its own).
 */
public record AgentConfig(
        Boolean enableMemory,
        Boolean enableHistory,
        @Min(value = 0, message = "must be between 0 and 50")
        @Max(value = 50, message = "must be between 0 and 50") Integer numHistoryRuns,
        Boolean enableReasoning,
        @Min(value = 1, message = "must be between 1 and 50")
        @Max(value = 50, message = "must be between 1 and 50") Integer reasoningMinSteps,
        @Min(value = 1, message = "must be between 1 and 50")
        @Max(value = 50, message = "must be between 1 and 50") Integer reasoningMaxSteps,
        JsonNode workerConfig,
        @Min(value = 1, message = "must be between 1 and 100")
        @Max(value = 100, message = "must be between 1 and 100") Integer maxSteps,
        Boolean acceptsClientTools,
        @Pattern(regexp = "approve|deny", message = "must be approve or deny") String governance,
        @Min(value = 1, message = "must be between 1 and 604800 seconds")
        @Max(value = 604800, message = "must be between 1 and 604800 seconds") Integer pendingActionTtl) {

    /** Model calls a run may make in all, over every node (the run engine's step limit). */
    static final int DEFAULT_MAX_STEPS = 25;
    /** A tool call above the agent's maturity level pauses for a person's approval (deny: refused to the model). */
    static final String APPROVE = "approve";

    static AgentConfig withDefaults(AgentConfig c) {
        if (c == null) {
            return new AgentConfig(true, true, 3, false, 1, 10, null, DEFAULT_MAX_STEPS, false, APPROVE, null);
        }
        return new AgentConfig(or(c.enableMemory, true), or(c.enableHistory, true), or(c.numHistoryRuns, 3),
                or(c.enableReasoning, false), or(c.reasoningMinSteps, 1), or(c.reasoningMaxSteps, 10),
                c.workerConfig == null || c.workerConfig.isNull() ? null : c.workerConfig,
                or(c.maxSteps, DEFAULT_MAX_STEPS), or(c.acceptsClientTools, false), or(c.governance, APPROVE),
                c.pendingActionTtl);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
