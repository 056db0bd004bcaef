package dev.agentplane.execution.llm;

import dev.langchain4j.data.message.AiMessage;

/** One model answer: its text, the token counts the provider reported, and the message itself (with any tool calls). */
public record LlmResult(String text, int inputTokens, int outputTokens, AiMessage message) {
    public boolean callsTools() {
        return message != null && message.hasToolExecutionRequests();
    }
}
