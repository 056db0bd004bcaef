package dev.agentplane.execution.engine;

import dev.agentplane.execution.agent.AgentDefinition;
import dev.agentplane.execution.billing.Credits;
import dev.agentplane.execution.intake.ExecuteRequest;
import dev.agentplane.execution.intake.ExecutionPlan;
import dev.agentplane.execution.intake.RunPhases;
import dev.agentplane.execution.intake.UserInput;
import dev.agentplane.execution.llm.ModelSpec;
import dev.agentplane.kit.auth.Caller;

import java.util.List;
import java.util.Map;

/**
 * The part of an {@link ExecutionPlan} a checkpoint keeps: enough for another replica to go on with the run
 * without asking anyone (the agent version it is pinned to, inline configs included; its hold; its caller).
 */
public record RunPlan(String executionId, Caller caller, AgentDefinition agent, String sessionId,
                      String externalUserId, UserInput input, ModelSpec model, int inputTokens, String mode,
                      String correlationId, String batchId, Credits.Hold hold, Map<String, Object> variables,
                      Long maxCost, List<ExecuteRequest.ClientTool> clientTools, Integer pendingActionTtl,
                      String onExpiry) {

    public static RunPlan of(ExecutionPlan p) {
        return new RunPlan(p.executionId(), p.caller(), p.agent(), p.sessionId(), p.externalUserId(), p.input(),
                p.model(), p.inputTokens(), p.mode(), p.correlationId(), p.batchId(), p.hold(), p.variables(), p.maxCost(),
                p.clientTools(), p.pendingActionTtl(), p.onExpiry());
    }

    /** The plan to go on with (its prompt is in the checkpointed state). */
    public ExecutionPlan toPlan() {
        return new ExecutionPlan(executionId, caller, agent, sessionId, externalUserId, input, null, model,
                inputTokens, mode, correlationId, batchId, hold, null, new RunPhases(), variables, maxCost,
                clientTools == null ? List.of() : clientTools, pendingActionTtl, onExpiry);
    }
}
