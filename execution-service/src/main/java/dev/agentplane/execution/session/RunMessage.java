package dev.agentplane.execution.session;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One message an execution appends to its session (user input, assistant answer, tool traffic). {@code id}, when
 * set, is the id the execution's own messages gave it (the answer), which session-service keeps, so that feedback
 * on the id an execute returned finds the message; null: session-service picks one.
 */
public record RunMessage(String id, String role, JsonNode content, JsonNode toolCalls, String toolCallId, Usage usage) {

    /** Tokens spent producing an assistant message. */
    public record Usage(int inputTokens, int outputTokens, int totalTokens) {
    }
}
