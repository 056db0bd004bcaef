package dev.agentplane.execution.llm;

import dev.langchain4j.data.message.AiMessage;

import java.util.List;

/**
 * One model answer: its text, the token counts the provider reported, the message itself (with any tool calls),
 * the model that answered ({@code model}: {@code provider/model}; {@code modelName}: the model alone, what it is
 * priced by), why the ones tried before it did not ({@code skipped}) and whether it answered on a credential of
 * the workspace ({@code ownKey}: the provider bills its tokens to the workspace, see CallPricing).
 */
public record LlmResult(String text, int inputTokens, int outputTokens, AiMessage message, String model,
                        List<String> skipped, String modelName, boolean ownKey) {
    public LlmResult(String text, int inputTokens, int outputTokens, AiMessage message) {
        this(text, inputTokens, outputTokens, message, null, List.of(), null, false);
    }

    public boolean callsTools() {
        return message != null && message.hasToolExecutionRequests();
    }

    LlmResult answeredBy(ModelSpec spec, Endpoint endpoint, List<String> skipped) {
        return new LlmResult(text, inputTokens, outputTokens, message, spec.label(), List.copyOf(skipped), spec.model(),
                endpoint.credentialId() != null);
    }
}
