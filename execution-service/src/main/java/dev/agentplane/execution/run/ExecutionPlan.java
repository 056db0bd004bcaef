package dev.agentplane.execution.run;

import dev.agentplane.execution.agent.AgentDefinition;
import dev.agentplane.execution.billing.Credits;
import dev.agentplane.execution.llm.ModelSpec;
import dev.agentplane.kit.auth.Caller;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ResponseFormat;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Everything one execution needs to run, resolved before any side effect (lock, credits, row);
 * {@code inputTokens} is the prompt's estimated size, on which the credit hold is priced; {@code hold} is set
 * once the credits are held; {@code recorded}, when not null, completes once the execution's row is written
 * (the row of a run on a leased hold is written while the model already works); {@code phases} times it.
 */
public record ExecutionPlan(String executionId, Caller caller, AgentDefinition agent, String sessionId,
                            String externalUserId, UserInput input, List<ChatMessage> prompt, ModelSpec model, ResponseFormat format,
                            int inputTokens, String mode, String correlationId, String batchId,
                            Credits.Hold hold, CompletableFuture<Void> recorded,
                            RunPhases phases) {

    public ExecutionPlan withBatch(String batch) {
        return new ExecutionPlan(executionId, caller, agent, sessionId, externalUserId, input, prompt, model, format, inputTokens, mode,
                correlationId, batch, hold, recorded, phases);
    }

    /** The plan with the credit hold taken for it (its run is priced by the hold's rule). */
    public ExecutionPlan withHold(Credits.Hold credits) {
        return new ExecutionPlan(executionId, caller, agent, sessionId, externalUserId, input, prompt, model, format, inputTokens, mode,
                correlationId, batchId, credits, recorded, phases);
    }

    /** The plan whose row is being written meanwhile. */
    public ExecutionPlan withRecording(CompletableFuture<Void> recording) {
        return new ExecutionPlan(executionId, caller, agent, sessionId, externalUserId, input, prompt, model, format, inputTokens, mode,
                correlationId, batchId, hold, recording, phases);
    }
}
