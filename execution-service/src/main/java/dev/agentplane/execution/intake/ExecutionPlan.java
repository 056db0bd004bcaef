package dev.agentplane.execution.intake;

import dev.agentplane.execution.agent.AgentDefinition;
import dev.agentplane.execution.billing.Credits;
import dev.agentplane.execution.llm.ModelSpec;
import dev.agentplane.kit.auth.Caller;
import dev.langchain4j.data.message.ChatMessage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Everything one execution needs to run, resolved before any side effect (lock, credits, row);
 * {@code prompt} is the conversation the run starts from and {@code inputTokens} its estimated size, on which the
 * credit hold is priced; {@code hold} is set once the credits are held; {@code recorded}, when not null, completes
 * once the execution's row is written (the row of a run on a leased hold is written while the model already
 * works); {@code phases} times it; {@code variables} fill the agents' prompts; {@code maxCost} (null: none) is the
 * most the request lets the run cost; {@code clientTools} are the tools the client runs itself (seed 003) and
 * {@code pendingActionTtl} how many seconds a suspended run waits for them (null: the agent's or the default) and
 * {@code onExpiry} what an unanswered action does then (null: reject).
 */
public record ExecutionPlan(String executionId, Caller caller, AgentDefinition agent, String sessionId,
                            String externalUserId, UserInput input, List<ChatMessage> prompt, ModelSpec model,
                            int inputTokens, String mode, String correlationId, String batchId,
                            Credits.Hold hold, CompletableFuture<Void> recorded,
                            RunPhases phases, Map<String, Object> variables, Long maxCost,
                            List<ExecuteRequest.ClientTool> clientTools, Integer pendingActionTtl,
                            String onExpiry) {

    public ExecutionPlan withBatch(String batch) {
        return new ExecutionPlan(executionId, caller, agent, sessionId, externalUserId, input, prompt, model, inputTokens,
                mode, correlationId, batch, hold, recorded, phases, variables, maxCost, clientTools, pendingActionTtl,
                onExpiry);
    }

    /** The plan with the credit hold taken for it (its run is priced by the hold's rule). */
    public ExecutionPlan withHold(Credits.Hold credits) {
        return new ExecutionPlan(executionId, caller, agent, sessionId, externalUserId, input, prompt, model, inputTokens,
                mode, correlationId, batchId, credits, recorded, phases, variables, maxCost, clientTools, pendingActionTtl,
                onExpiry);
    }

    /** The plan whose row is being written meanwhile. */
    public ExecutionPlan withRecording(CompletableFuture<Void> recording) {
        return new ExecutionPlan(executionId, caller, agent, sessionId, externalUserId, input, prompt, model, inputTokens,
                mode, correlationId, batchId, hold, recording, phases, variables, maxCost, clientTools, pendingActionTtl,
                onExpiry);
    }
}
